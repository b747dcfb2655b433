// ClassBridge: the browser tab shows the module's title in the reader's language.
// Voilà titles a page after its notebook file ("teaching-live"); the page's
// LanguageSwitch widget knows the module's title once the visitor's language
// is known, and writes it in data-cb-page-title. Widgets render after the page
// loads, so watch for it, once.
(() => {
  const apply = () => {
    const element = document.querySelector("[data-cb-page-title]");
    if (!element) return false;
    const title = element.getAttribute("data-cb-page-title");
    if (title) document.title = title.includes("ClassBridge") ? title : `${title} · ClassBridge`;
    return true;
  };
  if (apply()) return;
  const observer = new MutationObserver(() => {
    if (apply()) observer.disconnect();
  });
  observer.observe(document.body, { childList: true, subtree: true });
})();
