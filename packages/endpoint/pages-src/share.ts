// The hosted pages' share row (`reach/share-row.ts`): Copy buttons for the page's link and the embed
// code, and the device's own Share sheet where it has one. The row's links and text work without
// this script; the buttons stay hidden until it runs.
const statusLine = document.querySelector<HTMLElement>('.share-status');
const say = (text: string) => {
  if (statusLine) statusLine.textContent = text;
};

/** Selects the text of `el`, so a reader whose browser refused the clipboard can copy it by hand. */
function select(el: HTMLElement): void {
  const range = document.createRange();
  range.selectNodeContents(el);
  const sel = getSelection();
  sel?.removeAllRanges();
  sel?.addRange(range);
}

for (const button of document.querySelectorAll<HTMLButtonElement>('button[data-copy]')) {
  const source = document.getElementById(button.dataset.copy ?? '');
  if (!source) continue;
  button.classList.add('ready');
  button.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(source.textContent ?? '');
      say(button.dataset.done ?? '');
    } catch {
      select(source);
      say(statusLine?.dataset.failed ?? '');
    }
  });
}

const share = document.querySelector<HTMLButtonElement>('button[data-share]');
if (share && typeof navigator.share === 'function') {
  share.hidden = false;
  share.addEventListener('click', () => {
    // A closed sheet rejects (AbortError): nothing to say.
    navigator.share({ title: share.dataset.title ?? document.title, url: share.dataset.share ?? location.href }).catch(() => {});
  });
}
