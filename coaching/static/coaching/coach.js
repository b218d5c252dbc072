// The reply coach: checks the draft as the agent types and applies a suggestion on click.
// Advice only: nothing here touches sending the reply.
(function () {
  "use strict";
  const DELAY_MS = 400;

  function setup(box) {
    const form = box.closest("form");
    const area = form && form.querySelector("textarea[name=body]");
    const results = box.querySelector("[data-coach-results]");
    if (!area || !results) return;
    const token = form.querySelector("input[name=csrfmiddlewaretoken]");
    const status = box.querySelector("[data-coach-status]");
    let timer = null;
    let latest = 0; // only the newest answer is shown

    // Screen readers hear a one-line summary, not the whole panel, after each check.
    function show(html) {
      results.innerHTML = html;
      const summary = results.querySelector("[data-coach-summary]");
      if (status) status.textContent = summary ? summary.dataset.coachSummary : "";
    }

    function post(url, fields) {
      return fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers: {
          // URL-encoded, not multipart: multipart turns "\n" into "\r\n" and shifts offsets.
          "Content-Type": "application/x-www-form-urlencoded",
          "X-CSRFToken": token ? token.value : "",
        },
        body: new URLSearchParams(Object.assign({ ticket: box.dataset.ticket }, fields)),
      });
    }

    async function check() {
      const mine = ++latest;
      const text = area.value;
      if (!text.trim()) { show(""); return; }
      try {
        const response = await post(box.dataset.lintUrl, { text: text });
        if (!response.ok || mine !== latest) return;
        const html = await response.text();
        if (mine === latest) show(html);
      } catch (error) { /* offline or server busy: the coach just stays quiet */ }
    }

    area.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(check, DELAY_MS);
    });

    box.addEventListener("click", async function (event) {
      const button = event.target.closest("[data-coach-apply]");
      if (!button) return;
      event.preventDefault();
      clearTimeout(timer);
      const mine = ++latest;
      const sent = area.value;
      try {
        const response = await post(box.dataset.applyUrl, {
          text: sent,
          rule: button.dataset.rule,
          start: button.dataset.start,
          end: button.dataset.end,
          suggestion: button.dataset.suggestion,
        });
        const data = await response.json();
        if (mine !== latest) return;
        // Never overwrite words typed while the request was out.
        if (response.ok && area.value === sent) {
          area.value = data.text;
          area.focus();
        }
        show(data.html);
      } catch (error) { check(); }
    });

    if (area.value.trim()) check();
  }

  document.querySelectorAll("[data-coach]").forEach(setup);
})();
