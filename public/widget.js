/* Parley loader (<2 KB gzip): bubble in a shadow root, chat iframe on first open. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || window.__parley) return;
  var key = script.getAttribute("data-project");
  if (!key) return;
  window.__parley = true;
  var origin = new URL(script.src, location.href).origin;
  var lang = (navigator.language || "en").toLowerCase();
  var zh = lang.indexOf("zh") === 0;
  var hant = /zh-(tw|hk|mo|hant)/.test(lang);
  var label = { open: zh ? (hant ? "開啟聊天" : "打开聊天") : "Open chat", close: zh ? (hant ? "關閉聊天" : "关闭聊天") : "Close chat" };
  var host = document.createElement("div");
  host.setAttribute("data-parley", "");
  host.style.cssText = "all:initial;position:fixed;z-index:2147483000;right:20px;bottom:20px;";
  var root = host.attachShadow({ mode: "open" });
  root.innerHTML =
    "<style>" +
    ":host{all:initial}" +
    ".b{width:56px;height:56px;border:0;border-radius:50%;background:#4f46e5;color:#fff;cursor:pointer;box-shadow:0 6px 20px rgba(17,24,39,.25);display:grid;place-items:center;position:relative;transition:transform .15s}" +
    ".b:hover{transform:scale(1.05)}.b:focus-visible{outline:3px solid #a5b4fc;outline-offset:2px}" +
    ".b svg{width:26px;height:26px}" +
    ".n{position:absolute;top:-2px;right:-2px;min-width:18px;height:18px;padding:0 5px;border-radius:9px;background:#dc2626;color:#fff;font:600 11px/18px system-ui,sans-serif;text-align:center;box-sizing:border-box}" +
    ".f{position:absolute;right:0;bottom:72px;width:380px;height:600px;max-width:calc(100vw - 40px);max-height:calc(100vh - 110px);border:0;border-radius:16px;background:#fff;box-shadow:0 12px 48px rgba(17,24,39,.25)}" +
    ":host([data-l]) .f{right:auto;left:0}" +
    "@media (max-width:480px){.f{position:fixed;inset:0;width:100vw;height:100vh;max-width:none;max-height:none;border-radius:0}}" +
    "</style>" +
    '<button class="b" type="button" aria-expanded="false"><svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true"><path d="M21 15a2 2 0 0 1-2 2H7l-4 4V5a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2z"/></svg><span class="n" hidden></span></button>';
  var button = root.querySelector(".b");
  var badge = root.querySelector(".n");
  var frame = null;
  button.setAttribute("aria-label", label.open);
  fetch(origin + "/w/" + encodeURIComponent(key) + "/look").then(function (r) { return r.json(); }).then(function (look) {
    button.style.background = look.color;
    if (look.position == "left") { host.style.cssText += "right:auto;left:20px"; host.setAttribute("data-l", ""); }
  }).catch(function () {});
  var seen = "parley:" + key;
  function makeFrame(hidden) {
    frame = document.createElement("iframe");
    frame.className = "f";
    frame.title = label.open;
    frame.hidden = hidden;
    frame.src = origin + "/w/" + encodeURIComponent(key) + "?" + new URLSearchParams({ url: location.href, title: document.title, referrer: document.referrer, hidden: hidden ? 1 : 0 });
    frame.setAttribute("allow", "autoplay; clipboard-write");
    root.appendChild(frame);
  }
  function isOpen() { return button.getAttribute("aria-expanded") === "true"; }
  function tell() { frame.contentWindow.postMessage(isOpen() ? "parley:opened" : "parley:closed", origin); }
  function setOpen(open) {
    button.setAttribute("aria-expanded", String(open));
    if (frame) { frame.hidden = !open; tell(); }
    else if (open) { makeFrame(false); try { localStorage.setItem(seen, 1); } catch (e) {} }
    setUnread(open ? 0 : unread);
  }
  var unread = 0;
  function setUnread(count) {
    unread = count;
    badge.textContent = count > 9 ? "9+" : String(count);
    badge.hidden = !count;
    button.setAttribute("aria-label", (isOpen() ? label.close : label.open) + (count ? " (" + count + ")" : ""));
  }
  button.addEventListener("click", function () { setOpen(!isOpen()); });
  window.addEventListener("message", function (event) {
    if (event.origin !== origin || !frame || event.source !== frame.contentWindow) return;
    var data = event.data;
    if (data === "parley:close") setOpen(false);
    else if (data === "parley:ready") tell();
    else if (data && data.type === "parley:unread") setUnread(data.count | 0);
  });
  window.Parley = { open: function () { setOpen(true); }, close: function () { setOpen(false); } };
  (document.body || document.documentElement).appendChild(host);
  try { if (localStorage.getItem(seen)) makeFrame(true); } catch (e) {}
})();
