import { useState } from 'react';
// Side-effect imports register the tags (skipped if the page already has them).
import '@rescuekit/widgets/define/rescue-thermometer';
import '@rescuekit/widgets/define/nine-lives-picker';
import type { GiftDetail, Progress } from '@rescuekit/widgets';
// JSX typings: attribute and event completion for every rescuekit tag.
import type {} from '@rescuekit/widgets/types/react';

/**
 * React 19 passes properties and `on<event-name>` listeners to custom elements
 * directly: no wrapper components. Attributes that are properties take their
 * real types (`amounts` is an array of cents).
 */
export function App() {
  const [progress, setProgress] = useState<Progress>();
  const [gift, setGift] = useState<GiftDetail>();
  return (
    <main className="app">
      <h1>Riverside Rescue Team</h1>
      <rescue-thermometer campaign="rescue-team-demo" variant="bar" live onrescue-progress={(e) => setProgress(e.detail)}>
        <a href="/v1/campaigns/rescue-team-demo">See our progress</a>
      </rescue-thermometer>
      <p id="donors">{progress ? `${progress.donors} donors so far` : 'Loading progress…'}</p>
      <nine-lives-picker campaign="rescue-team-demo" amounts={[900, 2700, 4500]} onrescue-give-start={(e) => setGift(e.detail)}>
        <a href="https://example.org/give">Give $9</a>
      </nine-lives-picker>
      {gift && <p id="gift">Opening checkout for {gift.amount / 100} {gift.currency.toUpperCase()}…</p>}
    </main>
  );
}
