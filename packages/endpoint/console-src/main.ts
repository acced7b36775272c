// The console's entry: defines its elements (the page holds one <rk-console>).
import { ConsoleApp } from './app.js';
import { ApprovalsView } from './views/approvals.js';
import { FundraiserReview } from './views/fundraiser-review.js';
import { FundraisersView } from './views/fundraisers.js';
import { IntakeForm } from './views/intake.js';
import { LedgerView } from './views/ledger.js';
import { OnboardView } from './views/onboard.js';
import { PageView } from './views/page.js';
import { PeopleView } from './views/people.js';
import { RecordView } from './views/record.js';
import { ServerView } from './views/server.js';
import { ShareView } from './views/share.js';
import { TreeView } from './views/tree.js';

const elements: [string, CustomElementConstructor][] = [
  ['rk-record', RecordView],
  ['rk-ledger', LedgerView],
  ['rk-approvals', ApprovalsView],
  ['rk-fundraiser-review', FundraiserReview],
  ['rk-fundraisers', FundraisersView],
  ['rk-intake', IntakeForm],
  ['rk-people', PeopleView],
  ['rk-page', PageView],
  ['rk-share', ShareView],
  ['rk-onboard', OnboardView],
  ['rk-server', ServerView],
  ['rk-tree', TreeView],
  ['rk-console', ConsoleApp],
];
for (const [tag, cls] of elements) if (!customElements.get(tag)) customElements.define(tag, cls);

declare global {
  interface HTMLElementTagNameMap {
    'rk-console': ConsoleApp;
    'rk-record': RecordView;
    'rk-ledger': LedgerView;
    'rk-approvals': ApprovalsView;
    'rk-fundraiser-review': FundraiserReview;
    'rk-fundraisers': FundraisersView;
    'rk-intake': IntakeForm;
    'rk-people': PeopleView;
    'rk-page': PageView;
    'rk-share': ShareView;
    'rk-onboard': OnboardView;
    'rk-server': ServerView;
    'rk-tree': TreeView;
  }
}
