/**
 * `GET /c/:team/join`: a supporter starts their own fundraising page under a Rescue Team. The form
 * is in the HTML; the page's script (`fundraiser.js`) sends it to `POST /v1/campaigns/:team/fundraisers`
 * and shows the answer: the errors beside their fields, or the page's own link to keep.
 * When the endpoint asks for a human check, the form shows the provider's widget, the one the
 * giving elements' host pages show, and the policy lets that provider in (and nothing else).
 */
import { DISPLAY_NAME_MAX, minorDigits, OCCASION_MAX, STORY_MAX, type CampaignConfig, type HumanCheckConfig } from '@rescuekit/schema';
import { amountInput, dateInput, describedBy, field, storyField, supporterHeaders, textInput, withSources, wordsAttr } from './fields.js';
import { html, type SafeHtml } from './html.js';
import { JOIN_STRINGS } from './join-strings.js';
import { documentHtml, PAGE_CSP } from './layout.js';
import type { Lang } from './strings.js';

export interface JoinInput {
  /** A public team (not a supporter's page). */
  team: CampaignConfig;
  lang: Lang;
  /** The config's `humanCheck` (provider and public site key), when the endpoint asks for one. */
  humanCheck?: Pick<HumanCheckConfig, 'provider' | 'siteKey'> | undefined;
}

/** Where each provider's widget comes from, and what its page needs to let it in. */
const PROVIDERS = {
  // Turnstile takes the language on its widget, hCaptcha on its script's address.
  turnstile: { script: () => 'https://challenges.cloudflare.com/turnstile/v0/api.js', origins: 'https://challenges.cloudflare.com', directives: ['script-src', 'frame-src'], widget: 'cf-turnstile', language: 'data-language' },
  hcaptcha: { script: (lang: Lang) => `https://js.hcaptcha.com/1/api.js?hl=${lang}`, origins: 'https://hcaptcha.com https://*.hcaptcha.com', directives: ['script-src', 'frame-src', 'style-src', 'connect-src'], widget: 'h-captcha', language: undefined },
} as const;

/** The policy of the join page: the hosted pages' own, plus the human check's provider when there is one. */
export function joinCsp(humanCheck: JoinInput['humanCheck']): string {
  const csp = `${PAGE_CSP}; frame-ancestors 'none'`;
  if (!humanCheck) return csp;
  const p = PROVIDERS[humanCheck.provider];
  return withSources(csp, p.directives, p.origins);
}

/** Sample amounts in the team's currency, as people type them ("300", "300.50"; "300000" for won). */
function examples(currency: string): { whole: string; withCents: string | undefined } {
  const digits = minorDigits(currency);
  return digits ? { whole: '300', withCents: `300.${'50'.padEnd(digits, '0')}` } : { whole: '300000', withCents: undefined };
}

function currencyName(currency: string, lang: Lang): string {
  const code = currency.toUpperCase();
  try {
    return new Intl.DisplayNames([lang], { type: 'currency' }).of(code) ?? code;
  } catch {
    return code;
  }
}

function form(input: JoinInput): SafeHtml {
  const { team, lang, humanCheck } = input;
  const t = JOIN_STRINGS[lang];
  const ex = examples(team.currency);
  const provider = humanCheck ? PROVIDERS[humanCheck.provider] : undefined;
  return html`<form id="join" class="stack" novalidate data-team="${team.id}" data-currency="${team.currency}"${humanCheck ? html` data-human-check="${humanCheck.provider}"` : ''} aria-describedby="join-intake">
<p id="join-intake" class="notice-quiet">${team.fundraisers === 'auto' ? t.auto : t.approval}</p>
${field({ id: 'join-name', label: t.nameLabel, hint: t.nameHint, control: textInput({ id: 'join-name', name: 'displayName', max: DISPLAY_NAME_MAX, required: true, autocomplete: 'nickname', describedBy: describedBy('join-name', true) }) })}
${field({ id: 'join-goal', label: t.goalLabel(currencyName(team.currency, lang)), hint: t.goalHint(ex.whole, ex.withCents), control: amountInput('join-goal', describedBy('join-goal', true)) })}
${storyField('join-story', t.storyLabel, t.storyHint, t.storyCount, STORY_MAX)}
${field({ id: 'join-occasion', label: t.occasionLabel, hint: t.occasionHint, control: textInput({ id: 'join-occasion', name: 'occasion', max: OCCASION_MAX, describedBy: describedBy('join-occasion', true) }) })}
${field({ id: 'join-date', label: t.dateLabel, hint: t.dateHint, control: dateInput('join-date', describedBy('join-date', true)) })}
${field({
    id: 'join-locale',
    label: t.langLabel,
    hint: t.langHint,
    control: html`<select id="join-locale" name="locale" aria-describedby="${describedBy('join-locale', true)}">${(['en', 'ko'] as const).map((l) => html`<option value="${l}"${l === lang ? html` selected` : ''}>${t.langNames[l]}</option>`)}</select>`,
  })}
${provider ? html`<div class="field"><p class="label">${t.humanCheckLabel}</p><div class="${provider.widget}" data-sitekey="${humanCheck!.siteKey}"${provider.language ? html` ${provider.language}="${lang}"` : ''}></div></div>` : ''}
<p class="error" id="join-error" role="alert"></p>
<div class="actions"><button type="submit" id="join-submit">${t.submit}</button><p class="status" id="join-status" role="status"></p></div>
<noscript><p class="notice">${t.needsScript}</p></noscript>
</form>`;
}

function done(input: JoinInput): SafeHtml {
  const t = JOIN_STRINGS[input.lang];
  return html`<section id="join-done" class="stack done" hidden>
<h2 data-when="pending" tabindex="-1">${t.pendingTitle}</h2><h2 data-when="approved" tabindex="-1">${t.approvedTitle}</h2>
<p data-when="pending">${t.pendingBody(input.team.title)}</p><p data-when="approved">${t.approvedBody}</p>
<div class="field">
<label for="join-link">${t.linkLabel}</label>
<div class="copy-row"><input id="join-link" type="text" readonly aria-describedby="join-save"><button type="button" id="join-copy">${t.copy}</button></div>
<p class="save" id="join-save"><strong>${t.saveLink}</strong></p>
<p class="status" id="join-copied" role="status"></p>
</div>
<p class="links"><a id="join-see" data-when="approved" href="">${t.seePage}</a> <a id="join-manage" href="">${t.openManage}</a></p>
</section>`;
}

/** Whether the team takes new pages now. */
const takesPages = (team: CampaignConfig) => !team.archived && team.fundraisers !== 'off';

function joinHtml(input: JoinInput): string {
  const { team, lang, humanCheck } = input;
  const t = JOIN_STRINGS[lang];
  const other: Lang = lang === 'en' ? 'ko' : 'en';
  const open = takesPages(team);
  const ex = examples(team.currency);
  const teamLink = html`<a href="/c/${team.id}?lang=${lang}">${t.teamPage(team.title)}</a>`;
  const provider = open && humanCheck ? PROVIDERS[humanCheck.provider] : undefined;
  const body = open
    ? html`<main class="page join" data-page="join" data-words="${wordsAttr(t.client(team.title, ex.withCents ?? ex.whole))}">
<header><h1>${t.title(team.title)}</h1><p class="lede">${t.intro(team.title)}</p></header>
${form(input)}
${done(input)}
<footer class="links"><a href="/c/${team.id}/join?lang=${other}" hreflang="${other}" lang="${other}">${t.otherLang}</a> ${teamLink}</footer>
</main>`
    : html`<main class="page join">
<header><h1>${t.notTakingTitle(team.title)}</h1></header>
<p class="notice" role="status">${t.notTakingBody}</p>
<p>${teamLink}</p>
<footer><a href="/c/${team.id}/join?lang=${other}" hreflang="${other}" lang="${other}">${t.otherLang}</a></footer>
</main>`;
  return documentHtml({
    lang,
    title: open ? t.title(team.title) : t.notTakingTitle(team.title),
    head: html`<meta name="robots" content="noindex">${provider ? html`\n<script src="${provider.script(lang)}" async defer></script>` : ''}`,
    styles: ['page.css', 'fundraiser.css'],
    scripts: open ? ['fundraiser.js'] : [],
    body,
  });
}

/** The join page as a response: the form, or why the team takes no pages now. */
export function joinPage(input: JoinInput): Response {
  return new Response(joinHtml(input), { status: 200, headers: supporterHeaders({ 'content-security-policy': joinCsp(takesPages(input.team) ? input.humanCheck : undefined) }) });
}
