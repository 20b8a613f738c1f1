"""GOV.UK-styled forms through crispy-forms-gds."""

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Submit


class GovukFormMixin:
    """Renders a form with GOV.UK components, an error summary and one submit button."""

    submit_label = "Save"
    form_method = "post"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.form_method = self.form_method
        self.helper.add_input(Submit("submit", self.submit_label))
