/**
 * Words of the hosted pages, embeds, posters and share images, in English and Korean,
 * and which of the two a request gets.
 */
import { formatMoney, minorDigits } from '@rescuekit/schema';

export type Lang = 'en' | 'ko';

export interface Strings {
  raisedOf: (raised: string, goal: string) => string;
  rescues: (n: number) => string;
  /** Before the first rescue is funded: "$45 of $3,000 toward the first rescue". */
  towardFirst: (raised: string, cost: string) => string;
  donors: (n: number) => string;
  give: string;
  giveIntro: string;
  movement: (title: string) => string;
  teams: string;
  archived: string;
  archivedGoTo: (title: string) => string;
  /** While the store is unavailable: the line above the picker offering the campaign's Payment Link, and its link. */
  fallback: string;
  fallbackLink: string;
  notFound: string;
  notFoundBody: string;
  nineLives: (nine: string) => string;
  scan: string;
  printPoster: string;
  paper: string;
  otherLang: string;
  progressLabel: string;
  /** "+ $1,200 matched by the Kim Family Foundation" (the label names who matches). */
  matched: (amount: string, label: string | undefined) => string;
  /** "Ends Thu, Dec 3, 6:00 PM (UTC-05:00)". */
  ends: (when: string) => string;
  /** The share image's line in place of a title it cannot draw (right-to-left scripts). */
  cardTitleFallback: string;
  /** A fundraiser page's name when its owner removed theirs: "A supporter of <team>". */
  supporterOf: (team: string) => string;
  /** Under a fundraiser page's name: "for <team>" (the team's name may become a link). */
  forTeam: (team: string) => string;
  /** A fundraiser page that its owner closed. */
  closed: string;
  /** A fundraiser page's heading over its team's thermometer. */
  wholeTeam: (team: string) => string;
  shareImage: string;
  /** The team page's button to `/c/<team>/join`. */
  startPage: string;
  /** The team page's heading over its supporters' pages (and their no-script link). */
  supporterPages: string;
  /** The team poster's line beside the join link's QR code. */
  raiseFor: (team: string) => string;
  /** The masthead of the movement's own page, beside the mark. */
  movementMark: string;
  /** Heading over a region's (a parent that is not the movement) total. */
  allOf: (title: string) => string;
  /** The share row: its heading, Copy link and the device's Share sheet, what the status line says after a copy. */
  share: string;
  copyLink: string;
  shareVia: string;
  copied: string;
  copyFailed: string;
  /** The share images by shape. */
  imageLandscape: string;
  imageSquare: string;
  imageStory: string;
  /** The embed code's disclosure, its Copy button and what the status line says after it. */
  embed: string;
  copyCode: string;
  codeCopied: string;
  /** The poster's lower third (for screen readers) and its price list's caption. */
  posterDetails: string;
  posterPrices: string;
}

const en: Strings = {
  raisedOf: (raised, goal) => `${raised} raised of ${goal}`,
  rescues: (n) => (n === 1 ? '1 rescue funded' : `${n.toLocaleString('en')} rescues funded`),
  towardFirst: (raised, cost) => `${raised} of ${cost} toward the first rescue`,
  donors: (n) => (n === 1 ? '1 donor' : `${n.toLocaleString('en')} donors`),
  give: 'Give',
  giveIntro: 'One dollar for each of nine lives a North Korean could be living. Every $3,000 brings one refugee to freedom.',
  movement: (title) => `The whole movement: ${title}`,
  teams: 'Rescue Teams',
  archived: 'This campaign has ended and takes no new gifts.',
  archivedGoTo: (title) => `Give to ${title} instead`,
  fallback: 'Our giving page is struggling right now. You can still give through Stripe directly:',
  fallbackLink: 'Give through Stripe',
  notFound: 'No campaign here',
  notFoundBody: 'There is no campaign at this address. Check the link you were given.',
  nineLives: (nine) => `${nine} = 9 lives`,
  scan: 'Scan to give',
  printPoster: 'Print this poster',
  paper: 'Paper size',
  otherLang: '한국어',
  progressLabel: 'Progress',
  matched: (amount, label) => `+ ${amount} matched${label ? ` by ${label}` : ''}`,
  ends: (when) => `Ends ${when}`,
  cardTitleFallback: 'Every $9 gives nine lives a chance',
  supporterOf: (team) => `A supporter of ${team}`,
  forTeam: (team) => `for ${team}`,
  closed: 'This page has closed and takes no new gifts.',
  wholeTeam: (team) => `The whole team: ${team}`,
  shareImage: 'Share image',
  startPage: 'Start your own fundraising page',
  supporterPages: "Supporters' fundraising pages",
  raiseFor: (team) => `Raise money for ${team}: start your page`,
  movementMark: 'A movement of Rescue Teams',
  allOf: (title) => `All of ${title}`,
  share: 'Share this page',
  copyLink: 'Copy link',
  shareVia: 'Share…',
  copied: 'Link copied.',
  copyFailed: 'Could not copy: select the text and copy it.',
  imageLandscape: 'Image for link previews (1200×630)',
  imageSquare: 'Square image for posts (1080×1080)',
  imageStory: 'Image for stories (1080×1920)',
  embed: 'Put the thermometer on your website',
  copyCode: 'Copy code',
  codeCopied: 'Code copied.',
  posterDetails: 'Why, when and where',
  posterPrices: 'Prices',
};

const ko: Strings = {
  raisedOf: (raised, goal) => `목표 ${goal} 중 ${raised} 모금`,
  rescues: (n) => `구출 ${n.toLocaleString('ko')}명 지원`,
  towardFirst: (raised, cost) => `첫 구출까지 ${cost} 중 ${raised}`,
  donors: (n) => `후원자 ${n.toLocaleString('ko')}명`,
  give: '후원하기',
  giveIntro: '북한 사람이 살 수 있는 아홉 가지 삶마다 1달러씩. 3,000달러마다 탈북민 한 명이 자유를 찾습니다.',
  movement: (title) => `전체 운동: ${title}`,
  teams: '구출 팀',
  archived: '이 캠페인은 종료되어 새 후원을 받지 않습니다.',
  archivedGoTo: (title) => `대신 ${title}에 후원하기`,
  fallback: '지금 후원 페이지가 원활하지 않습니다. Stripe에서 바로 후원하실 수 있습니다:',
  fallbackLink: 'Stripe에서 후원하기',
  notFound: '캠페인을 찾을 수 없습니다',
  notFoundBody: '이 주소에는 캠페인이 없습니다. 받은 링크를 확인해 주세요.',
  nineLives: (nine) => `${nine} = 9개의 생명`,
  scan: '스캔해서 후원하기',
  printPoster: '포스터 인쇄',
  paper: '용지 크기',
  otherLang: 'English',
  progressLabel: '진행 상황',
  matched: (amount, label) => `+ ${label ? `${label} ` : ''}매칭 ${amount}`,
  ends: (when) => `${when} 마감`,
  cardTitleFallback: '9달러마다 아홉 가지 삶에 기회를',
  // The team's name is followed by 의, a space or 에, which read right after any name: no particle depends on how it ends.
  supporterOf: (team) => `${team}의 후원자`,
  forTeam: (team) => `${team} 모금에 함께합니다`,
  closed: '이 모금 페이지는 마감되어 더 이상 후원을 받지 않습니다.',
  wholeTeam: (team) => `팀 전체: ${team}`,
  shareImage: '공유 이미지',
  startPage: '나만의 모금 페이지 만들기',
  supporterPages: '후원자들의 모금 페이지',
  raiseFor: (team) => `나만의 모금 페이지를 만들어 ${team}에 힘을 보태세요`,
  movementMark: '구출 팀들의 운동',
  allOf: (title) => `${title} 전체`,
  share: '이 페이지 공유하기',
  copyLink: '링크 복사',
  shareVia: '공유…',
  copied: '링크를 복사했습니다.',
  copyFailed: '복사하지 못했습니다. 글자를 선택해 복사해 주세요.',
  imageLandscape: '링크 미리보기 이미지 (1200×630)',
  imageSquare: '게시물용 정사각형 이미지 (1080×1080)',
  imageStory: '스토리용 이미지 (1080×1920)',
  embed: '내 웹사이트에 온도계 넣기',
  copyCode: '코드 복사',
  codeCopied: '코드를 복사했습니다.',
  posterDetails: '이유, 일시와 장소',
  posterPrices: '가격',
};

export const STRINGS: Record<Lang, Strings> = { en, ko };

const isLang = (s: string | undefined | null): s is Lang => s === 'en' || s === 'ko';

/** The best of en/ko in an `Accept-Language` header (by q-value), or undefined. */
export function fromAcceptLanguage(header: string | undefined | null): Lang | undefined {
  let best: { lang: Lang; q: number } | undefined;
  for (const part of (header ?? '').split(',')) {
    const [tag = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    const primary = tag.split('-')[0];
    const qParam = params.find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (isLang(primary) && Number.isFinite(q) && q > 0 && (!best || q > best.q)) best = { lang: primary, q };
  }
  return best?.lang;
}

/**
 * `?lang=` first, then (pages only: crawlers send none) `Accept-Language`, then the
 * campaign's configured `locale`, else English.
 */
export function pickLang(query: string | undefined, acceptLanguage: string | undefined | null, campaignLocale: string | undefined): Lang {
  if (isLang(query)) return query;
  return fromAcceptLanguage(acceptLanguage) ?? (isLang(campaignLocale) ? campaignLocale : 'en');
}

interface ShownProgress {
  raised: number;
  goal: number;
  currency: string;
  rescuesFunded: number;
  /** Cost of one rescue (minor units): before the first is funded, the words say how far to it. */
  rescueCost?: number | undefined;
  donors: number;
  matched?: number | undefined;
  match?: { label: string } | undefined;
  endsAt?: string | undefined;
}

/**
 * The numbers of a campaign in words: "$4,200 raised of $9,000", "1 rescue funded" (before the first:
 * "$45 of $3,000 toward the first rescue", which encourages where "0 rescues funded" deflates), "12 donors",
 * and on a giving day "+ $1,200 matched by <label>" and "Ends Thu, Dec 3, 6:00 PM (UTC-05:00)".
 */
export function progressWords(p: ShownProgress, lang: Lang) {
  const t = STRINGS[lang];
  return {
    raisedOf: t.raisedOf(formatMoney(p.raised, p.currency, lang), formatMoney(p.goal, p.currency, lang)),
    rescues: p.rescuesFunded === 0 && p.rescueCost ? t.towardFirst(formatMoney(Math.min(p.raised, p.rescueCost), p.currency, lang), formatMoney(p.rescueCost, p.currency, lang)) : t.rescues(p.rescuesFunded),
    donors: t.donors(p.donors),
    matched: p.match || (p.matched ?? 0) > 0 ? t.matched(formatMoney(p.matched ?? 0, p.currency, lang), p.match?.label) : undefined,
    ends: p.endsAt ? t.ends(deadline(p.endsAt, lang)) : undefined,
  };
}

/**
 * A deadline in the offset its organiser wrote it in ("2026-12-03T18:00:00-05:00" -> "Thu, Dec 3, 6:00 PM
 * (UTC-05:00)"): a server-rendered page cannot know the reader's time zone, and the organiser's own is the
 * one their announcements use. The elements show the time left in the reader's.
 */
export function deadline(iso: string, lang: Lang): string {
  const m = /([+-])(\d{2}):(\d{2})$/.exec(iso);
  const offset = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
  const shifted = new Date(Date.parse(iso) + offset * 60_000);
  const when = new Intl.DateTimeFormat(lang, { timeZone: 'UTC', weekday: 'short', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' }).format(shifted);
  return `${when} (UTC${m && offset !== 0 ? `${m[1]}${m[2]}:${m[3]}` : ''})`;
}

/** A calendar day ("2027-03-14") as its language writes it: "March 14, 2027", "2027년 3월 14일". */
export function calendarDay(day: string, lang: Lang): string {
  return new Intl.DateTimeFormat(lang, { timeZone: 'UTC', year: 'numeric', month: 'long', day: 'numeric' }).format(new Date(`${day}T00:00:00Z`));
}

/** The ask, "$9", in the campaign's currency: nine of its major units. */
export function nine(p: { currency: string }, lang: Lang): string {
  return formatMoney(9 * 10 ** minorDigits(p.currency), p.currency, lang);
}
