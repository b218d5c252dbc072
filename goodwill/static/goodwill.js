// Keyboard shortcuts for agents. Nothing here is needed for the pages to work.
(function () {
  "use strict";
  const typing = (el) => el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  let pendingG = false;

  function rows() { return Array.from(document.querySelectorAll("table.tickets tbody tr[data-href]")); }
  function move(step) {
    const list = rows();
    if (!list.length) return;
    let i = list.findIndex((r) => r.classList.contains("selected"));
    i = Math.min(list.length - 1, Math.max(0, i + step));
    list.forEach((r) => r.classList.remove("selected"));
    list[i].classList.add("selected");
    list[i].querySelector("a").focus();
  }
  function selected() { return document.querySelector("table.tickets tr.selected"); }
  function showComposer(mode) {
    const tab = document.querySelector(`[data-composer-tab="${mode}"]`);
    if (tab) { tab.click(); }
  }

  document.addEventListener("click", (event) => {
    const tab = event.target.closest("[data-composer-tab]");
    if (!tab) return;
    const composer = tab.closest(".composer");
    const mode = tab.dataset.composerTab;
    composer.querySelectorAll("[data-composer-tab]").forEach((t) => t.setAttribute("aria-selected", String(t === tab)));
    composer.querySelectorAll("[data-composer-panel]").forEach((p) => { p.hidden = p.dataset.composerPanel !== mode; });
    const area = composer.querySelector(`[data-composer-panel="${mode}"] textarea`);
    if (area) area.focus();
  });

  document.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && typing(event.target)) {
      const form = event.target.closest("form");
      if (form) { event.preventDefault(); form.requestSubmit(); }
      return;
    }
    if (typing(event.target) || event.altKey || event.ctrlKey || event.metaKey) return;
    if (pendingG) {
      pendingG = false;
      if (event.key === "i") { window.location.href = "/tickets/"; }
      return;
    }
    switch (event.key) {
      case "j": move(1); break;
      case "k": move(-1); break;
      case "o": case "Enter": { const r = selected(); if (r) window.location.href = r.dataset.href; break; }
      case "x": { const r = selected(); if (r) { const box = r.querySelector("input[type=checkbox]"); box.checked = !box.checked; } break; }
      case "/": { const s = document.querySelector("input[name=q]"); if (s) { event.preventDefault(); s.focus(); } break; }
      case "g": pendingG = true; break;
      case "r": showComposer("reply"); event.preventDefault(); break;
      case "n": showComposer("note"); event.preventDefault(); break;
      case "?": { const d = document.getElementById("shortcuts"); if (d) d.showModal(); break; }
      default: return;
    }
  });

  // Parts of a form that only apply to one choice of a select:
  // data-show-if="<select id>=<value>". Without JavaScript everything stays visible.
  function showChosen() {
    document.querySelectorAll("[data-show-if]").forEach((part) => {
      const [id, value] = part.dataset.showIf.split("=");
      const control = document.getElementById(id);
      if (control) part.hidden = control.value !== value;
    });
  }
  document.addEventListener("change", (event) => {
    if (event.target.matches("select")) showChosen();
  });
  showChosen();
})();
