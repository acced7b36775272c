/**
 * The script of the supporters' pages the endpoint serves (`/rescuekit-assets/fundraiser.js`): the join
 * form (`/c/:team/join`) and the owner's page (`/c/:id/manage`). Plain DOM, no framework: the pages'
 * HTML and words come from the server; this sends what is typed and shows the answers.
 */
import { join } from './join.js';
import { manage } from './manage.js';

const main = document.querySelector<HTMLElement>('main[data-page]');
if (main?.dataset['page'] === 'join') join(main);
else if (main?.dataset['page'] === 'manage') manage(main);
