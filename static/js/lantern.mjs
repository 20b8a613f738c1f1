// Progressive enhancement only: every page works without JavaScript.
import { initAll as govukInitAll } from "/static/build/govuk-frontend.min.js";
import { initAll as mojInitAll } from "/static/build/moj-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
govukInitAll();
mojInitAll();
