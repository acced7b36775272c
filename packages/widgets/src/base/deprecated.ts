// Test seams that used to be exported from the main entry; they live in
// `@rescuekit/widgets/test-support` now. Kept here for one minor version (removed in 0.3).
import { setNavigate as navigateSeam, type Navigate } from '../giving/checkout/checkout-modal.js';
import { setStripeLoader as stripeSeam, type StripeLoader } from '../giving/checkout/stripe-loader.js';

export type { Navigate, StripeLoader };

/** @deprecated Import `setStripeLoader` from `@rescuekit/widgets/test-support`; this export leaves the main entry in 0.3. */
export const setStripeLoader: typeof stripeSeam = stripeSeam;

/** @deprecated Import `setNavigate` from `@rescuekit/widgets/test-support`; this export leaves the main entry in 0.3. */
export const setNavigate: typeof navigateSeam = navigateSeam;
