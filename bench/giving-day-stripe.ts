// The local Stripe-compatible server (the tests' own) in a process of its own, so a busy bench
// driver does not slow Stripe's answers to checkout. IPC: sends `{ url }`; `stats`; `close`.
import { startStripeServer } from '../packages/endpoint/test/support/stripe-server.js';

const stripe = await startStripeServer();
process.on('message', async (m: { cmd: string }) => {
  if (m.cmd === 'stats') process.send!({ sessions: stripe.sessions.size, requests: stripe.requests.length });
  else if (m.cmd === 'close') {
    await stripe.close();
    process.send!({ closed: true });
    process.exit(0);
  }
});
process.send!({ url: stripe.url });
