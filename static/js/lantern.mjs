// Progressive enhancement only: every page works without JavaScript.
import { initAll as govukInitAll } from "/static/govuk/govuk-frontend.min.js";
import { initAll as mojInitAll } from "/static/moj/moj-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
govukInitAll();
mojInitAll();
