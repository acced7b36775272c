// `@rescuekit/widgets/test-support`: the seams a host's own tests use to run the giving elements
// without Stripe.js or leaving the page. Not for production pages.
export { setStripeLoader, type StripeLoader } from './giving/checkout/stripe-loader.js';
export { setNavigate, type Navigate } from './giving/checkout/checkout-modal.js';
