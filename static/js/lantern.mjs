// Progressive enhancement only: every page works without JavaScript.
// Relative, so the same module serves the staff pages under /static/ and the reporting pages under
// /report/static/ (whose requests the proxy does not log).
import { initAll as govukInitAll } from "../build/govuk-frontend.min.js";
import { initAll as mojInitAll } from "../build/moj-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
govukInitAll();
mojInitAll();

// "Print this leaflet": shown only where the browser can print from the page.
for (const button of document.querySelectorAll("[data-lantern-print]")) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}
