// The public reporting pages, progressively enhanced. Without JavaScript every
// question shows on one page and the forms still work; with it:
// - the questions show one at a time, with Continue and Back;
// - the browser solves the anti-abuse puzzle (ALTCHA, SHA-256) of the report
//   form and of the receipt code form in the background while the person types;
// - the identity questions show only for confidential or open reports;
// - the receipt page gets a "Copy" button.

const form = document.querySelector("[data-report-form]");
const powForm = document.querySelector("[data-pow-form]");

// --- Proof of work -------------------------------------------------------------

const hex = (buffer) => Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, "0")).join("");

async function solve(challenge) {
  const encoder = new TextEncoder();
  const max = challenge.maxNumber ?? challenge.maxnumber;
  for (let number = 0; number <= max; number += 1) {
    const digest = await crypto.subtle.digest("SHA-256", encoder.encode(challenge.salt + number));
    if (hex(digest) === challenge.challenge) return number;
  }
  return null;
}

let solving = null;
function startSolving() {
  const field = powForm.querySelector("[data-pow-number]");
  const source = powForm.querySelector("[data-challenge]");
  if (!field || !source || field.value || !window.crypto || !crypto.subtle) return null;
  let challenge;
  try {
    challenge = JSON.parse(source.value);
  } catch {
    return null;
  }
  solving = solve(challenge).then((number) => {
    if (number !== null) field.value = String(number);
    return number;
  });
  return solving;
}

// --- One question at a time ------------------------------------------------------

const REQUIRED = { "q-identity": ["identity_mode"], "q-who": ["reporter_type"], "q-what": ["what_happened"] };
const MESSAGES = {
  identity_mode: "Select how you want to be known",
  reporter_type: "Select which of these describes you",
  what_happened: "Enter what you saw or heard",
};

function answered(name) {
  const inputs = form.querySelectorAll(`[name="${name}"]`);
  return Array.from(inputs).some((input) =>
    input.type === "radio" || input.type === "checkbox" ? input.checked : input.value.trim() !== "");
}

// The element a screen reader reads the error with: the fieldset of radios, or the field itself.
function describedElement(first) {
  return first.type === "radio" || first.type === "checkbox" ? first.closest("fieldset") : first;
}

const ERROR_CLASSES = { TEXTAREA: "govuk-textarea--error", INPUT: "govuk-input--error" };

function showError(section, name) {
  const first = form.querySelector(`[name="${name}"]`);
  const group = first.closest(".govuk-form-group");
  if (!group.querySelector("[data-step-error]")) {
    const message = document.createElement("p");
    message.className = "govuk-error-message";
    message.dataset.stepError = "";
    message.id = `${name}-step-error`;
    message.innerHTML = '<span class="govuk-visually-hidden">Error:</span> ';
    message.append(MESSAGES[name]);
    // As GOV.UK Frontend places it: after the question's own hint, else after its legend or label
    // (never after the hint of one of the radios).
    const anchor = group.querySelector(
      ":scope > fieldset > .govuk-hint, :scope > .govuk-hint") ||
      group.querySelector(":scope > fieldset > legend, :scope > label");
    anchor.after(message);
    group.classList.add("govuk-form-group--error");
    const described = describedElement(first);
    const ids = (described.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
    described.setAttribute("aria-describedby", [...ids, message.id].join(" "));
    if (ERROR_CLASSES[first.tagName] && first.type !== "radio" && first.type !== "checkbox") {
      first.classList.add(ERROR_CLASSES[first.tagName]);
    }
  }
  first.focus();
}

function clearErrors(section) {
  section.querySelectorAll("[data-step-error]").forEach((message) => {
    const group = message.closest(".govuk-form-group");
    group.classList.remove("govuk-form-group--error");
    group.querySelectorAll("[aria-describedby]").forEach((element) => {
      const ids = element.getAttribute("aria-describedby").split(" ").filter((id) => id && id !== message.id);
      if (ids.length) element.setAttribute("aria-describedby", ids.join(" "));
      else element.removeAttribute("aria-describedby");
    });
    group.querySelectorAll(".govuk-textarea--error, .govuk-input--error").forEach((field) => {
      field.classList.remove("govuk-textarea--error", "govuk-input--error");
    });
    message.remove();
  });
}

function makeButton(label, secondary) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = secondary ? "govuk-button govuk-button--secondary" : "govuk-button";
  button.textContent = label;
  return button;
}

function stepper() {
  const sections = Array.from(form.querySelectorAll("[data-question]"));
  let current = 0;
  const show = (index, focus) => {
    sections.forEach((section, i) => section.classList.toggle("lantern-question--hidden", i !== index));
    current = index;
    if (focus) {
      const heading = sections[index].querySelector("h2");
      heading.setAttribute("tabindex", "-1");
      heading.focus();
    }
  };
  sections.forEach((section, index) => {
    const group = document.createElement("div");
    group.className = "govuk-button-group";
    if (index < sections.length - 1) {
      const next = makeButton("Continue", false);
      next.addEventListener("click", () => {
        clearErrors(section);
        const missing = (REQUIRED[section.getAttribute("aria-labelledby")] || []).find((name) => !answered(name));
        if (missing) {
          showError(section, missing);
          return;
        }
        show(index + 1, true);
      });
      group.append(next);
    }
    if (index > 0) {
      const back = makeButton("Back", true);
      back.addEventListener("click", () => {
        // An error is about this visit: coming back later, the question starts afresh.
        clearErrors(section);
        show(index - 1, true);
      });
      group.append(back);
    }
    if (index < sections.length - 1) {
      section.append(group);
    } else {
      // Send report and Back side by side, as Continue and Back are on the other questions.
      const send = section.querySelector("button[type=submit]");
      send.replaceWith(group);
      group.prepend(send);
    }
  });
  show(0, false);
}

function identityDetails() {
  const details = form.querySelector("[data-identity-details]");
  const radios = form.querySelectorAll('[name="identity_mode"]');
  const update = () => {
    const chosen = Array.from(radios).find((r) => r.checked);
    details.hidden = !chosen || chosen.value === "anonymous";
  };
  radios.forEach((radio) => radio.addEventListener("change", update));
  update();
}

if (powForm) {
  startSolving();
  powForm.addEventListener("submit", (event) => {
    const field = powForm.querySelector("[data-pow-number]");
    if (!solving || field.value) return;
    event.preventDefault();
    const status = powForm.querySelector("[data-pow-status]");
    status.textContent = status.dataset.powMessage;
    status.classList.remove("govuk-!-display-none");
    solving.then(() => powForm.submit());
  });
}

if (form) {
  identityDetails();
  if (!form.hasAttribute("data-has-errors")) stepper();
}

// --- Copy the receipt ---------------------------------------------------------------

document.querySelectorAll("[data-copy-target]").forEach((button) => {
  if (!navigator.clipboard) return;
  button.hidden = false;
  button.addEventListener("click", async () => {
    const text = document.getElementById(button.dataset.copyTarget).textContent.trim();
    const status = document.querySelector("[data-copy-status]");
    try {
      await navigator.clipboard.writeText(text);
      status.textContent = " Copied.";
    } catch {
      status.textContent = " Could not copy: select the code and copy it yourself.";
    }
  });
});
