/*
 * Framework assistant launcher for an internal portal page.
 *
 *   <script src="http://assistant-host:8501/widget.js" defer
 *           data-label="Ask the framework" data-position="right"
 *           data-width="400" data-height="600"></script>
 *
 * Adds a floating button; clicking it opens a panel with the assistant's compact
 * app (<assistant origin>/?embed=true) in an iframe. The panel closes with its close
 * button or Esc (also when the focus is inside the frame: the app posts "close"), and
 * the focus returns to the button. Any <iframe data-framework-assistant> on the page
 * gets the same app, from the same address.
 *
 * The assistant must list the portal's origin in ASSISTANT_ALLOWED_ORIGINS, or the
 * browser refuses to frame it. A refused frame gives the page no error event, so the
 * app says "ready" by postMessage once it runs; a frame that loaded without saying so
 * is replaced by a message naming that setting (or saying the server is not answering).
 */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || window.__frameworkAssistantWidget) return;
  window.__frameworkAssistantWidget = true;

  var SETTING = "ASSISTANT_ALLOWED_ORIGINS";
  var data = script.dataset || {};
  var appUrl = new URL(".", script.src);            // same origin (and base path) as this script
  appUrl.search = "?embed=true";
  var width = parseInt(data.width, 10) || 400;
  var height = parseInt(data.height, 10) || 600;
  var readyWaitMs = parseInt(data.readyTimeout, 10) || 10000;  // after the frame's load event
  var side = data.position === "left" ? "left" : "right";
  var label = data.label || "Ask the framework";
  var HEADER = 40;
  var FONT = "system-ui,-apple-system,'Segoe UI',sans-serif";

  function element(tag, css, text) {
    var node = document.createElement(tag);
    if (css) node.style.cssText = css;
    if (text) node.textContent = text;
    return node;
  }

  // -- did the app load inside the frame? -------------------------------------------
  var watched = [];                                   // [{frame, ready, onReady}]

  window.addEventListener("message", function (event) {
    var message = event.data;
    if (event.origin !== appUrl.origin || !message || message.source !== "framework-assistant") return;
    watched.forEach(function (entry) {
      if (entry.frame.contentWindow !== event.source) return;
      if (message.type === "ready") entry.ready();
      else if (message.type === "close" && entry.onClose) entry.onClose();
    });
  });

  function refusedNotice() {
    var box = element("div", "box-sizing:border-box;height:100%;padding:24px;overflow:auto;background:#fff;" +
      "color:#1b2733;font:15px/1.5 " + FONT + ";");
    box.setAttribute("role", "alert");
    box.hidden = true;
    var title = element("p", "margin:0 0 8px;font-weight:600;font-size:17px;", "The assistant could not open here.");
    var text = element("p", "margin:0 0 12px;");
    var link = element("a", "color:#1f5f8b;font-weight:600;", "Open the assistant in a new tab");
    link.href = appUrl.origin + "/";
    link.target = "_blank";
    link.rel = "noopener";
    box.appendChild(title);
    box.appendChild(text);
    box.appendChild(link);
    box.explain = function (reachable) {
      var here = window.location.origin;
      text.textContent = reachable
        ? "The assistant at " + appUrl.origin + " does not allow this page (" + here + ") to show it. " +
          "Its administrator can allow it by adding " + here + " to the " + SETTING + " setting " +
          "on the assistant's server, then restarting it."
        : "The assistant at " + appUrl.origin + " is not answering. Try again in a minute; " +
          "if it persists, tell the assistant's administrator.";
      box.hidden = false;
    };
    return box;
  }

  /* Show `notice` instead of `frame` unless the app says "ready" within readyWaitMs of
   * the frame loading. A late "ready" (a slow start) brings the frame back. */
  function watchFrame(frame, notice, onClose) {
    var entry = { frame: frame, onClose: onClose, said: false };
    var timer = null;
    entry.ready = function () {
      entry.said = true;
      clearTimeout(timer);
      notice.hidden = true;
      frame.style.visibility = "visible";
      frame.removeAttribute("aria-hidden");
      frame.setAttribute("data-assistant-ready", "true");
    };
    function check() {
      if (entry.said) return;
      // The server answered the widget once; is it still there? (no-cors: reachable or not, nothing read)
      fetch(new URL("widget.js", appUrl).href, { mode: "no-cors", cache: "no-store" })
        .then(function () { return true; }, function () { return false; })
        .then(function (reachable) {
          if (entry.said) return;
          frame.style.visibility = "hidden";
          frame.setAttribute("aria-hidden", "true");
          notice.explain(reachable);
        });
    }
    frame.addEventListener("load", function () {
      clearTimeout(timer);
      timer = setTimeout(check, readyWaitMs);
    });
    watched.push(entry);
  }

  // -- inline frames the page placed itself --------------------------------------------
  function startInline(frame) {
    var notice = refusedNotice();
    notice.style.position = "absolute";
    notice.style.inset = "0";
    var holder = element("div", "position:relative;display:inline-block;vertical-align:top;");
    frame.parentNode.insertBefore(holder, frame);    // moving a frame reloads it: so its load event still comes
    holder.appendChild(frame);
    holder.appendChild(notice);
    watchFrame(frame, notice, null);
    if (!frame.getAttribute("src")) frame.src = appUrl.href;
  }

  // -- the floating launcher and its panel -----------------------------------------
  function startLauncher() {
    var button = element("button", "position:fixed;bottom:20px;" + side + ":20px;z-index:2147483646;" +
      "padding:12px 18px;border:0;border-radius:24px;background:#1f5f8b;color:#fff;" +
      "font:600 15px/1.2 " + FONT + ";box-shadow:0 4px 14px rgba(0,0,0,.25);cursor:pointer;");
    button.id = "framework-assistant-launcher";
    button.type = "button";
    // A drawn icon, not an emoji: kiosk and headless browsers often lack an emoji font.
    button.innerHTML = '<svg aria-hidden="true" width="18" height="18" viewBox="0 0 24 24" ' +
      'style="vertical-align:-4px;margin-right:8px" fill="currentColor"><path d="M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z"/></svg>';
    button.appendChild(document.createTextNode(label));
    button.setAttribute("aria-expanded", "false");
    button.setAttribute("aria-controls", "framework-assistant-panel");

    var panel = element("div", "position:fixed;bottom:76px;" + side + ":20px;z-index:2147483647;" +
      "width:" + width + "px;height:" + (height + HEADER) + "px;max-width:calc(100vw - 40px);" +
      "max-height:calc(100vh - 96px);display:none;flex-direction:column;background:#fff;border-radius:12px;" +
      "overflow:hidden;box-shadow:0 8px 30px rgba(0,0,0,.3);");
    panel.id = "framework-assistant-panel";
    panel.setAttribute("role", "dialog");
    panel.setAttribute("aria-label", label);
    panel.hidden = true;

    var header = element("div", "flex:0 0 " + HEADER + "px;display:flex;align-items:center;justify-content:space-between;" +
      "padding:0 6px 0 14px;background:#1f5f8b;color:#fff;font:600 14px/1 " + FONT + ";");
    header.appendChild(element("span", "", label));
    var close = element("button", "width:32px;height:32px;border:0;border-radius:6px;background:transparent;" +
      "color:#fff;cursor:pointer;display:flex;align-items:center;justify-content:center;");
    close.id = "framework-assistant-close";
    close.type = "button";
    close.setAttribute("aria-label", "Close the assistant");
    close.title = "Close (Esc)";
    close.innerHTML = '<svg aria-hidden="true" width="18" height="18" viewBox="0 0 24 24" fill="none" ' +
      'stroke="currentColor" stroke-width="2.5" stroke-linecap="round"><path d="M6 6l12 12M18 6L6 18"/></svg>';
    header.appendChild(close);
    panel.appendChild(header);

    var body = element("div", "position:relative;flex:1 1 auto;min-height:0;");
    panel.appendChild(body);

    var frame = null;
    function setOpen(open) {
      if (open && !frame) {                         // load the app only when first opened
        frame = element("iframe", "display:block;width:100%;height:100%;border:0;");
        frame.id = "framework-assistant-frame";
        frame.title = label;
        frame.src = appUrl.href;
        frame.setAttribute("allow", "clipboard-write");
        var notice = refusedNotice();
        notice.style.position = "absolute";
        notice.style.inset = "0";
        body.appendChild(frame);
        body.appendChild(notice);
        watchFrame(frame, notice, closeAndReturn);
      }
      panel.hidden = !open;
      panel.style.display = open ? "flex" : "none";  // an inline display would override [hidden]
      button.setAttribute("aria-expanded", String(open));
    }
    function closeAndReturn() {
      if (panel.hidden) return;
      setOpen(false);
      button.focus();
    }
    button.addEventListener("click", function () { setOpen(panel.hidden); });
    close.addEventListener("click", closeAndReturn);
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape") closeAndReturn();
    });

    document.body.appendChild(panel);
    document.body.appendChild(button);
    if (data.open === "true") setOpen(true);
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("iframe[data-framework-assistant]"), startInline);
    if (data.launcher !== "false") startLauncher();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
