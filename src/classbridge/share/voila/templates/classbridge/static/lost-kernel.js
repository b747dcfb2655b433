// ClassBridge: a module page whose kernel is gone says so and offers a reload.
//
// The server frees the kernel of a page that went away without closing (a
// crashed browser, a laptop that slept, a rural link that dropped: see
// `classbridge serve --cull-after`), and a restarted server has none of the old
// kernels. Voilà's page then looks alive but no button answers. Every answer a
// trainee saved is on disk, so a reload brings the page back with their work.
(() => {
  const CHECK_EVERY_MS = 15000;
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
  reload.textContent = "Reload the page";
  reload.addEventListener("click", () => window.location.reload());
  banner.append(message, reload);

  const show = (text) => {
    message.textContent = `${text} Your saved answers are kept: reload the page to go on. `;
    banner.hidden = false;
    if (!banner.isConnected) document.body.prepend(banner);
  };

  const check = async () => {
    try {
      const reply = await fetch(kernelUrl, { credentials: "same-origin", cache: "no-store" });
      if (reply.status === 404) {
        show("This page was away too long and the server closed its session.");
        return; // a closed kernel does not come back
      }
      banner.hidden = true;
    } catch (error) {
      show("The server cannot be reached right now.");
    }
    setTimeout(check, CHECK_EVERY_MS);
  };
  setTimeout(check, CHECK_EVERY_MS);
})();
