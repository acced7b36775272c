// The embed pages' script: the elements, checkout in a new tab (payment forms inside a third-party
// frame are unreliable and Stripe's hosted page refuses to be framed), and the page's height sent
// to the parent so its frame can fit the content without scrollbars:
//   { type: 'rescuekit:height', height: <CSS px> }   (see README, "Without a website")
import { setNavigate } from './rescuekit.js';

if (window.parent !== window) {
  setNavigate((url) => {
    // A new tab while the donor's click still counts as a user gesture; else the whole window.
    // Not window.open(url, '_blank', 'noopener'): that always returns null, so a blocked popup and an
    // opened tab look the same (and the frame's page would be navigated away as well). The blank tab
    // is cut from this page before it is sent to Stripe.
    const tab = window.open('about:blank', '_blank');
    if (tab) {
      tab.opener = null;
      tab.location.href = url;
      return;
    }
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
