// ClassBridge: a module page whose kernel is gone says so and offers a reload.
//
// The server frees the kernel of a page that went away without closing (a
// crashed browser, a laptop that slept, a rural link that dropped: see
// `classbridge serve --cull-after`), and a restarted server has none of the old
// kernels. Voilà's page then looks alive but no button answers. Every answer a
// trainee saved is on disk, so a reload brings the page back with their work.
(() => {
  const CHECK_EVERY_MS = 15000;
  // Its own words table: a static file under Voilà's page, it cannot reach the gettext catalog.
  const WORDS = {
    en: {
      reload: "Reload the page",
      kept: "Your saved answers are kept: reload the page to go on.",
      closed: "This page was away too long and the server closed its session.",
      unreachable: "The server cannot be reached right now.",
    },
    "zh-TW": {
      reload: "重新載入頁面",
      kept: "你已儲存的作答都還在：重新載入頁面即可繼續。",
      closed: "這個頁面閒置太久，伺服器已結束它的工作階段。",
      unreachable: "目前無法連上伺服器。",
    },
  };
  // The page's language, as the LanguageSwitch widget marks it once the kernel chose it.
  const pageLanguage = () => document.querySelector("[data-cb-page-lang]")?.dataset.cbPageLang || "en";
  const word = (name) => (WORDS[pageLanguage()] || WORDS.en)[name];
  const style = document.createElement("link");
  style.rel = "stylesheet";
  style.href = document.currentScript.src.replace(/\.js$/, ".css");
  document.head.append(style);
  const config = JSON.parse(document.getElementById("jupyter-config-data").textContent);
  const kernelUrl = `${config.baseUrl}api/kernels/${config.kernelId}`;

  const banner = document.createElement("div");
  banner.className = "cb-lost-kernel";
  banner.setAttribute("role", "alert");
  banner.hidden = true;
  const message = document.createElement("span");
  const reload = document.createElement("button");
  reload.type = "button";
  reload.textContent = word("reload");
  reload.addEventListener("click", () => window.location.reload());
  banner.append(message, reload);

  const show = (text) => {
    // Asked when shown: the switch may have marked the page's language after this script ran.
    reload.textContent = word("reload");
    message.textContent = `${text} ${word("kept")} `;
    banner.hidden = false;
    if (!banner.isConnected) document.body.prepend(banner);
  };

  const check = async () => {
    try {
      const reply = await fetch(kernelUrl, { credentials: "same-origin", cache: "no-store" });
      if (reply.status === 404) {
        show(word("closed"));
        return; // a closed kernel does not come back
      }
      banner.hidden = true;
    } catch (error) {
      show(word("unreachable"));
    }
    setTimeout(check, CHECK_EVERY_MS);
  };
  setTimeout(check, CHECK_EVERY_MS);
})();
