// The embed pages' script: the elements, checkout in a new tab (payment forms inside a third-party
// frame are unreliable and Stripe's hosted page refuses to be framed), and the page's height sent
// to the parent so its frame can fit the content without scrollbars:
//   { type: 'rescuekit:height', height: <CSS px> }   (see README, "Without a website")
import { setNavigate } from './rescuekit.js';

if (window.parent !== window) {
  setNavigate((url) => {
    // A new tab while the donor's click still counts as a user gesture; else the whole window.
    if (window.open(url, '_blank', 'noopener')) return;
    try {
      window.top.location.href = url;
    } catch {
      window.location.assign(url);
    }
  });
  let last = -1;
  const report = () => {
    const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    window.parent.postMessage({ type: 'rescuekit:height', height }, '*');
  };
  new ResizeObserver(report).observe(document.documentElement);
  addEventListener('load', report);
}
