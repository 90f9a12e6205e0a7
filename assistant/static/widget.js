/*
 * Framework assistant launcher for an internal portal page.
 *
 *   <script src="http://assistant-host:8501/widget.js" defer
 *           data-label="Ask the framework" data-position="right"
 *           data-width="400" data-height="600"></script>
 *
 * Adds a floating button; clicking it opens the assistant's compact chat
 * (<assistant origin>/?embed=true) in an iframe. The assistant must list the
 * portal's origin in ASSISTANT_ALLOWED_ORIGINS, or the browser refuses to frame it.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || window.__frameworkAssistantWidget) return;
  window.__frameworkAssistantWidget = true;

  var data = script.dataset || {};
  var appUrl = new URL(".", script.src);            // same origin (and base path) as this script
  appUrl.search = "?embed=true";
  var width = parseInt(data.width, 10) || 400;
  var height = parseInt(data.height, 10) || 600;
  var side = data.position === "left" ? "left" : "right";
  var label = data.label || "Ask the framework";

  function start() {
    var button = document.createElement("button");
    button.id = "framework-assistant-launcher";
    button.type = "button";
    // A drawn icon, not an emoji: kiosk and headless browsers often lack an emoji font.
    button.innerHTML = '<svg aria-hidden="true" width="18" height="18" viewBox="0 0 24 24" ' +
      'style="vertical-align:-4px;margin-right:8px" fill="currentColor"><path d="M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z"/></svg>';
    button.appendChild(document.createTextNode(label));
    button.setAttribute("aria-expanded", "false");
    button.setAttribute("aria-controls", "framework-assistant-panel");
    button.style.cssText = "position:fixed;bottom:20px;" + side + ":20px;z-index:2147483646;" +
      "padding:12px 18px;border:0;border-radius:24px;background:#1f5f8b;color:#fff;" +
      "font:600 15px/1.2 system-ui,sans-serif;box-shadow:0 4px 14px rgba(0,0,0,.25);cursor:pointer;";

    var panel = document.createElement("div");
    panel.id = "framework-assistant-panel";
    panel.hidden = true;
    panel.style.cssText = "position:fixed;bottom:76px;" + side + ":20px;z-index:2147483647;" +
      "width:" + width + "px;height:" + height + "px;max-width:calc(100vw - 40px);max-height:calc(100vh - 96px);" +
      "background:#fff;border-radius:12px;overflow:hidden;box-shadow:0 8px 30px rgba(0,0,0,.3);";

    var frame = null;
    function setOpen(open) {
      if (open && !frame) {                         // load the app only when first opened
        frame = document.createElement("iframe");
        frame.id = "framework-assistant-frame";
        frame.title = label;
        frame.src = appUrl.href;
        frame.setAttribute("allow", "clipboard-write");
        frame.style.cssText = "width:100%;height:100%;border:0;";
        panel.appendChild(frame);
      }
      panel.hidden = !open;
      button.setAttribute("aria-expanded", String(open));
    }
    button.addEventListener("click", function () { setOpen(panel.hidden); });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && !panel.hidden) { setOpen(false); button.focus(); }
    });

    document.body.appendChild(panel);
    document.body.appendChild(button);
    if (data.open === "true") setOpen(true);
  }

  if (document.body) start();
  else document.addEventListener("DOMContentLoaded", start);
})();
