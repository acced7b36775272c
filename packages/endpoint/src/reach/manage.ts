/**
 * `GET /c/:id/manage`: the owner's page of a supporter's fundraising page. The same HTML for every
 * id: the page's own link carries its secret in the fragment, which no server sees, so the page's
 * script reads it, wipes it from the address bar, asks `/v1/fundraisers/me` with it and fills in
 * what the HTML holds hidden here (state, progress, edits waiting, the forms).
 */
import { DISPLAY_NAME_MAX, OCCASION_MAX, STORY_MAX } from '@rescuekit/schema';
import { amountInput, dateInput, describedBy, field, storyField, supporterHeaders, textInput, wordsAttr } from './fields.js';
import { html, type SafeHtml } from './html.js';
import { JOIN_STRINGS, MANAGE_STRINGS } from './join-strings.js';
import { documentHtml } from './layout.js';
import { STRINGS, type Lang } from './strings.js';

const STATES = ['pending', 'approved', 'rejected', 'taken_down', 'closed'] as const;

/** A form's closing: its error line, its button and what it says while and after it works. */
const formEnd = (id: string, label: string) =>
  html`<p class="error" id="${id}-error" role="alert"></p>
<div class="actions"><button type="submit" id="${id}-submit">${label}</button><p class="status" id="${id}-status" role="status"></p></div>`;

/** Occasion and date, in the edit form and the reopen form. */
function occasionAndDate(prefix: string, lang: Lang): SafeHtml {
  const j = JOIN_STRINGS[lang];
  return html`${field({ id: `${prefix}-occasion`, label: j.occasionLabel, hint: j.occasionHint, control: textInput({ id: `${prefix}-occasion`, name: 'occasion', max: OCCASION_MAX, describedBy: describedBy(`${prefix}-occasion`, true) }) })}
${field({ id: `${prefix}-date`, label: j.dateLabel, hint: j.dateHint, control: dateInput(`${prefix}-date`, describedBy(`${prefix}-date`, true)) })}`;
}

/** The goal; its hint ("An amount in US Dollar") is the script's, which knows the page's currency. */
const goalField = (id: string, label: string) => field({ id, label, hint: ' ', control: amountInput(id, describedBy(id, true)) });

function manageHtml(lang: Lang): string {
  const t = MANAGE_STRINGS[lang];
  const j = JOIN_STRINGS[lang];
  const other: Lang = lang === 'en' ? 'ko' : 'en';
  const words = { ...t.client, raisedOf: STRINGS[lang].raisedOf('{raised}', '{goal}') };
  const body = html`<main class="page manage" data-page="manage" data-words="${wordsAttr(words)}">
<header><p class="eyebrow" id="m-eyebrow" hidden>${t.title}</p><h1 id="m-title" dir="auto" tabindex="-1">${t.title}</h1></header>
<p id="m-loading" role="status">${t.loading}</p>
<p id="m-problem" class="notice" role="alert" hidden></p>
<div id="m-view" class="stack" hidden>
<section class="stack" aria-labelledby="m-status-h">
<h2 id="m-status-h" tabindex="-1">${t.statusTitle}</h2>
${STATES.map((s) => html`<p class="state" data-state="${s}" hidden>${t.states[s]}</p>`)}
<p class="status" id="m-said" role="status"></p>
<p id="m-reason" hidden><span class="label">${t.reason}</span> <span id="m-reason-text" dir="auto"></span></p>
<p id="m-raised" class="raised"></p>
<progress id="m-meter" max="1" value="0" aria-label="${t.progressLabel}" aria-describedby="m-raised"></progress>
<p><span class="label">${t.address}</span><br><a id="m-link" href=""></a></p>
</section>
<section id="m-waiting" class="stack" aria-labelledby="m-waiting-h" hidden>
<h2 id="m-waiting-h">${t.waitingTitle}</h2>
<p>${t.waitingBody}</p>
<dl>
<div data-proposed="displayName" hidden><dt>${j.nameLabel}</dt><dd dir="auto"></dd></div>
<div data-proposed="story" hidden><dt>${j.storyLabel}</dt><dd dir="auto" class="story"></dd></div>
<div data-proposed="occasion" hidden><dt>${j.occasionLabel}</dt><dd dir="auto"></dd></div>
</dl>
</section>
<section id="m-reopen-sec" class="stack" aria-labelledby="m-reopen-h" hidden>
<h2 id="m-reopen-h">${t.reopenTitle}</h2>
<p>${t.reopenBody}</p>
<form id="m-reopen" class="stack" novalidate>
${goalField('m-re-goal', t.reopenGoalLabel)}
${occasionAndDate('m-re', lang)}
${formEnd('m-reopen', t.reopenButton)}
</form>
</section>
<section id="m-edit-sec" class="stack" aria-labelledby="m-edit-h">
<h2 id="m-edit-h">${t.editTitle}</h2>
<p class="hint">${t.editHint}</p>
<form id="m-edit" class="stack" novalidate>
${field({ id: 'm-name', label: j.nameLabel, hint: j.nameHint, control: textInput({ id: 'm-name', name: 'displayName', max: DISPLAY_NAME_MAX, required: true, describedBy: describedBy('m-name', true) }) })}
${storyField('m-story', j.storyLabel, j.storyHint, j.storyCount, STORY_MAX)}
${occasionAndDate('m', lang)}
${goalField('m-goal', t.goalLabel)}
${formEnd('m-edit', t.save)}
</form>
</section>
<section id="m-name-sec" class="stack" aria-labelledby="m-name-h">
<h2 id="m-name-h">${t.nameTitle}</h2>
<div class="check"><input type="checkbox" id="m-hide" aria-describedby="m-hide-error m-hide-hint"><label for="m-hide">${t.nameToggle}</label></div>
<p class="hint" id="m-hide-hint"></p>
<p class="error" id="m-hide-error" role="alert"></p>
<p class="status" id="m-hide-status" role="status"></p>
</section>
<section id="m-close-sec" class="stack" aria-labelledby="m-close-h" hidden>
<h2 id="m-close-h">${t.closeTitle}</h2>
<p id="m-close-body">${t.closeBody}</p>
<p class="error" id="m-close-error" role="alert"></p>
<div class="actions"><button type="button" id="m-close" class="secondary" aria-describedby="m-close-body">${t.closeButton}</button></div>
</section>
</div>
<footer><a id="m-lang" href="?lang=${other}" hreflang="${other}" lang="${other}">${j.otherLang}</a></footer>
</main>`;
  return documentHtml({ lang, title: t.title, head: html`<meta name="robots" content="noindex">`, styles: ['page.css', 'fundraiser.css'], scripts: ['fundraiser.js'], body });
}

/** The owner's page as a response: never indexed, stored or sent on as a referrer. */
export function managePage(lang: Lang): Response {
  return new Response(manageHtml(lang), { status: 200, headers: supporterHeaders({ 'referrer-policy': 'no-referrer', 'cache-control': 'no-store' }) });
}
