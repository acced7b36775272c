/**
 * Words of the supporters' own pages: the join form (`/c/:team/join`) and the owner's page
 * (`/c/:id/manage`), in English and Korean. The server writes most of them into the HTML; what
 * the pages' script says after an answer goes to it as {@link JoinClientWords} /
 * {@link ManageClientWords}, whole sentences with `{name}` slots it fills in.
 */
import { DISPLAY_NAME_MAX, OCCASION_MAX, PUBLIC_TEXT_PROBLEMS, STORY_MAX } from '@rescuekit/schema';
import type { Lang } from './strings.js';

/** What the join form's script says (slots: `{left}`). */
export interface JoinClientWords {
  required: string;
  goalInvalid: string;
  /** The story's count for screen readers, said once typing pauses near the limit. */
  left: string;
  sending: string;
  humanCheck: string;
  notTaking: string;
  rateLimited: string;
  network: string;
  tryAgain: string;
  copied: string;
  copyFailed: string;
  /** The endpoint's refusals of supporter text (in English) in this language; absent: shown as the endpoint says them. */
  refusals: Record<string, string>;
}

/** What the owner's page script says (slots: `{raised} {goal} {team} {shown} {currency} {left}`). */
export interface ManageClientWords extends Omit<JoinClientWords, 'sending' | 'humanCheck' | 'notTaking'> {
  raisedOf: string;
  hiddenName: string;
  nameHiddenHint: string;
  goalHint: string;
  noLink: string;
  refused: string;
  notFound: string;
  saving: string;
  saved: string;
  savedWaiting: string;
  noChanges: string;
  nameHidden: string;
  nameShown: string;
  closedNow: string;
  reopenedNow: string;
  removed: string;
}

export interface JoinStrings {
  title: (team: string) => string;
  intro: (team: string) => string;
  approval: string;
  auto: string;
  nameLabel: string;
  nameHint: string;
  goalLabel: (currencyName: string) => string;
  goalHint: (whole: string, withCents: string | undefined) => string;
  storyLabel: string;
  storyHint: string;
  storyCount: string;
  occasionLabel: string;
  occasionHint: string;
  dateLabel: string;
  dateHint: string;
  langLabel: string;
  langHint: string;
  langNames: Record<Lang, string>;
  humanCheckLabel: string;
  submit: string;
  needsScript: string;
  pendingTitle: string;
  pendingBody: (team: string) => string;
  approvedTitle: string;
  approvedBody: string;
  linkLabel: string;
  copy: string;
  saveLink: string;
  openManage: string;
  seePage: string;
  notTakingTitle: (team: string) => string;
  notTakingBody: string;
  teamPage: (team: string) => string;
  otherLang: string;
  /** The script's words for a team: `example` is its currency's sample amount ("300.50"). */
  client: (team: string, example: string) => JoinClientWords;
}

export interface ManageStrings {
  title: string;
  loading: string;
  statusTitle: string;
  states: Record<'pending' | 'approved' | 'rejected' | 'taken_down' | 'closed', string>;
  reason: string;
  address: string;
  progressLabel: string;
  waitingTitle: string;
  waitingBody: string;
  editTitle: string;
  editHint: string;
  goalLabel: string;
  save: string;
  nameTitle: string;
  nameToggle: string;
  closeTitle: string;
  closeBody: string;
  closeButton: string;
  reopenTitle: string;
  reopenBody: string;
  reopenGoalLabel: string;
  reopenButton: string;
  /** (Its `raisedOf` is the hosted page's own sentence, see `manage.ts`.) */
  client: Omit<ManageClientWords, 'raisedOf'>;
}

type SharedWords = Omit<JoinClientWords, 'goalInvalid' | 'notTaking'>;

const enClient: SharedWords = {
  required: 'Please fill this in.',
  left: 'Characters left: {left}',
  sending: 'Starting your page…',
  humanCheck: 'Please complete the check that you are a person, then try again.',
  rateLimited: 'Too many new pages from this network in the last hour. Please try again later.',
  network: 'Could not reach the server. Check your connection and try again.',
  tryAgain: 'Something went wrong on our side. Please try again in a moment.',
  copied: 'Link copied.',
  copyFailed: 'Could not copy: the link is selected, copy it with your keyboard or menu.',
  refusals: {},
};

const P = PUBLIC_TEXT_PROBLEMS;
/** The endpoint's refusals of supporter text, in Korean (keyed by its English words; a test keeps every one covered). */
const KO_REFUSALS: Record<string, string> = {
  [P.oneLine]: '한 줄로 적어 주세요.',
  [P.control]: '제어 문자는 쓸 수 없습니다.',
  [P.bidi]: '글자 방향을 바꾸는 문자는 쓸 수 없습니다.',
  [P.invisible]: '보이지 않는 문자는 쓸 수 없습니다.',
  [P.blank]: '비워 둘 수 없습니다.',
  [P.lines]: '20줄 이하로 적어 주세요.',
  'is not a day of the calendar': '달력에 없는 날짜입니다.',
  [`must be at most ${DISPLAY_NAME_MAX} characters`]: `${DISPLAY_NAME_MAX}자 이하로 적어 주세요.`,
  [`must be at most ${STORY_MAX} characters`]: `${STORY_MAX}자 이하로 적어 주세요.`,
  [`must be at most ${OCCASION_MAX} characters`]: `${OCCASION_MAX}자 이하로 적어 주세요.`,
};

const koClient: SharedWords = {
  required: '이 칸을 채워 주세요.',
  left: '남은 글자 수: {left}',
  sending: '페이지를 만드는 중…',
  humanCheck: '사람 확인을 마친 뒤 다시 시도해 주세요.',
  rateLimited: '지난 한 시간 동안 이 네트워크에서 새 페이지가 너무 많이 만들어졌습니다. 나중에 다시 시도해 주세요.',
  network: '서버에 연결할 수 없습니다. 인터넷 연결을 확인하고 다시 시도해 주세요.',
  tryAgain: '문제가 생겼습니다. 잠시 후 다시 시도해 주세요.',
  copied: '링크를 복사했습니다.',
  copyFailed: '복사하지 못했습니다. 링크를 선택해 두었으니 직접 복사해 주세요.',
  refusals: KO_REFUSALS,
};

const en: JoinStrings = {
  title: (team) => `Start your own page for ${team}`,
  intro: (team) => `Ask friends and family to give to ${team} for your birthday, a run, a holiday, or just because. No account needed: your page gets its own link.`,
  approval: 'A team lead looks at each new page before it goes public.',
  auto: 'Your page goes public as soon as you start it.',
  nameLabel: 'Your name on the page',
  nameHint: `Shown publicly because you type it; you can remove it later. Up to ${DISPLAY_NAME_MAX} characters.`,
  goalLabel: (currency) => `Your goal (${currency})`,
  goalHint: (whole, cents) => `A normal amount, such as ${whole}${cents ? ` or ${cents}` : ''}.`,
  storyLabel: 'Your story',
  storyHint: `Why you are raising money, in your own words. Up to ${STORY_MAX} characters; line breaks are fine.`,
  storyCount: `{n} / ${STORY_MAX}`,
  occasionLabel: 'Occasion (optional)',
  occasionHint: `A birthday, a run, a holiday… Up to ${OCCASION_MAX} characters.`,
  dateLabel: 'Date (optional)',
  dateHint: 'The day of your occasion.',
  langLabel: 'Language of your page',
  langHint: 'For visitors whose browser asks for neither English nor Korean.',
  langNames: { en: 'English', ko: '한국어 (Korean)' },
  humanCheckLabel: 'Show that you are a person',
  submit: 'Start my page',
  needsScript: 'This form needs JavaScript. Turn it on, then reload the page.',
  pendingTitle: 'Your page is waiting for approval',
  pendingBody: (team) => `A team lead of ${team} will look at it soon. Until then only you can see it, through its own link below.`,
  approvedTitle: 'Your page is live',
  approvedBody: 'Share it with your friends and family.',
  linkLabel: "Your page's own link",
  copy: 'Copy',
  saveLink: 'Save this link: it is the only way to edit your page.',
  openManage: 'Edit your page',
  seePage: 'See your page',
  notTakingTitle: (team) => `${team} is not taking new pages`,
  notTakingBody: 'You can still give, or ask the team how else you can help.',
  teamPage: (team) => `Go to the page of ${team}`,
  otherLang: '한국어',
  client: (team, example) => ({
    ...enClient,
    goalInvalid: `Type an amount above 0, such as ${example}.`,
    notTaking: `${team} is not taking new pages right now.`,
  }),
};

const ko: JoinStrings = {
  title: (team) => `${team}을(를) 위한 나만의 모금 페이지 만들기`,
  intro: (team) => `생일, 달리기 대회, 명절, 또는 그냥 마음이 가는 날에 친구와 가족에게 ${team} 후원을 부탁해 보세요. 계정은 필요 없습니다. 페이지마다 고유한 링크가 생깁니다.`,
  approval: '새 페이지는 팀 리더가 확인한 뒤에 공개됩니다.',
  auto: '페이지를 만들면 바로 공개됩니다.',
  nameLabel: '페이지에 표시할 이름',
  nameHint: `직접 입력한 이름이 공개됩니다. 나중에 이름을 숨길 수 있습니다. 최대 ${DISPLAY_NAME_MAX}자.`,
  goalLabel: (currency) => `목표 금액 (${currency})`,
  goalHint: (whole, cents) => `${whole}${cents ? ` 또는 ${cents}` : ''}처럼 금액을 입력하세요.`,
  storyLabel: '나의 이야기',
  storyHint: `모금하는 이유를 직접 적어 주세요. 최대 ${STORY_MAX}자, 줄바꿈 가능.`,
  storyCount: `{n} / ${STORY_MAX}`,
  occasionLabel: '계기 (선택)',
  occasionHint: `생일, 달리기 대회, 명절… 최대 ${OCCASION_MAX}자.`,
  dateLabel: '날짜 (선택)',
  dateHint: '계기가 되는 날.',
  langLabel: '페이지 언어',
  langHint: '브라우저가 영어나 한국어를 요청하지 않는 방문자에게 보이는 언어입니다.',
  langNames: { en: 'English (영어)', ko: '한국어' },
  humanCheckLabel: '사람임을 확인해 주세요',
  submit: '내 페이지 만들기',
  needsScript: '이 양식은 JavaScript가 필요합니다. JavaScript를 켠 뒤 페이지를 새로 고쳐 주세요.',
  pendingTitle: '페이지가 승인을 기다리고 있습니다',
  pendingBody: (team) => `${team}의 팀 리더가 곧 확인합니다. 그때까지는 아래의 고유 링크로 나만 볼 수 있습니다.`,
  approvedTitle: '페이지가 공개되었습니다',
  approvedBody: '친구와 가족에게 공유해 보세요.',
  linkLabel: '내 페이지의 고유 링크',
  copy: '복사',
  saveLink: '이 링크를 꼭 저장하세요. 페이지를 수정하는 유일한 방법입니다.',
  openManage: '내 페이지 수정하기',
  seePage: '내 페이지 보기',
  notTakingTitle: (team) => `${team}은(는) 지금 새 페이지를 받지 않습니다`,
  notTakingBody: '후원은 계속할 수 있습니다. 다른 방법으로 도울 수 있는지 팀에 문의해 보세요.',
  teamPage: (team) => `${team} 페이지로 가기`,
  otherLang: 'English',
  client: (team, example) => ({
    ...koClient,
    goalInvalid: `${example}처럼 0보다 큰 금액을 입력하세요.`,
    notTaking: `${team}은(는) 지금 새 페이지를 받지 않습니다.`,
  }),
};

export const JOIN_STRINGS: Record<Lang, JoinStrings> = { en, ko };

const enManage: ManageStrings = {
  title: 'Your fundraising page',
  loading: 'Opening your page…',
  statusTitle: 'Status',
  states: {
    pending: 'Waiting for approval: a team lead will look at your page soon. Until then only you can see it.',
    approved: 'Live: your page is public and takes gifts.',
    rejected: 'Not approved. Edit your page and save it to ask again.',
    taken_down: 'Taken down by your team: it is no longer public and takes no gifts. Ask your team lead.',
    closed: 'Closed: your page stays up with what it raised, but takes no new gifts. You can reopen it.',
  },
  reason: 'Reason given by your team:',
  address: "Your page's address",
  progressLabel: 'Raised so far',
  waitingTitle: 'Edits waiting for approval',
  waitingBody: 'Your page keeps its approved text until a team lead approves these.',
  editTitle: 'Edit your page',
  editHint: 'Once your page is public, changes to its name, story and occasion wait for a team lead; the goal and date change at once.',
  goalLabel: 'Goal',
  save: 'Save changes',
  nameTitle: 'Your name',
  nameToggle: 'Remove my name',
  closeTitle: 'Close your page',
  closeBody: 'It stays up with what it raised but takes no new gifts. You can reopen it later, next year for example.',
  closeButton: 'Close page',
  reopenTitle: 'Reopen your page',
  reopenBody: 'A new round with a new goal. What the page raised before stays in its history.',
  reopenGoalLabel: 'New goal',
  reopenButton: 'Reopen page',
  client: {
    required: enClient.required,
    goalInvalid: 'Type an amount above 0, such as 300.',
    left: enClient.left,
    rateLimited: 'Too many tries from this network. Please wait a minute and try again.',
    network: enClient.network,
    tryAgain: enClient.tryAgain,
    copied: enClient.copied,
    copyFailed: enClient.copyFailed,
    refusals: enClient.refusals,
    hiddenName: 'A supporter of {team}',
    nameHiddenHint: 'The page will show “{shown}” instead of your name.',
    goalHint: 'An amount in {currency}.',
    noLink: 'This address does not hold the link to your page. Open the whole link you saved when you started the page.',
    refused: 'This link no longer opens the page; ask your team lead for a new one.',
    notFound: 'There is no page for this link. Check the link you saved.',
    saving: 'Saving…',
    saved: 'Saved.',
    savedWaiting: 'Saved. Your text changes now wait for approval.',
    noChanges: 'Nothing to save: nothing was changed.',
    nameHidden: 'Your name is removed from the page.',
    nameShown: 'Your name is shown on the page.',
    closedNow: 'Your page is closed.',
    reopenedNow: 'Your page is open again.',
    removed: '(removed)',
  },
};

const koManage: ManageStrings = {
  title: '나의 모금 페이지',
  loading: '페이지를 여는 중…',
  statusTitle: '상태',
  states: {
    pending: '승인 대기 중: 팀 리더가 곧 확인합니다. 그때까지는 나만 볼 수 있습니다.',
    approved: '공개 중: 페이지가 공개되어 후원을 받고 있습니다.',
    rejected: '승인되지 않았습니다. 페이지를 수정해 저장하면 다시 요청됩니다.',
    taken_down: '팀이 페이지를 내렸습니다. 더 이상 공개되지 않고 후원도 받지 않습니다. 팀 리더에게 문의하세요.',
    closed: '마감됨: 모금한 금액과 함께 페이지는 남아 있지만 새 후원은 받지 않습니다. 다시 열 수 있습니다.',
  },
  reason: '팀이 남긴 사유:',
  address: '내 페이지 주소',
  progressLabel: '지금까지 모금한 금액',
  waitingTitle: '승인을 기다리는 수정 사항',
  waitingBody: '팀 리더가 승인할 때까지 페이지에는 승인된 내용이 그대로 보입니다.',
  editTitle: '페이지 수정',
  editHint: '페이지가 공개된 뒤에는 이름, 이야기, 계기의 수정은 팀 리더의 승인을 기다리고, 목표 금액과 날짜는 바로 바뀝니다.',
  goalLabel: '목표 금액',
  save: '변경 사항 저장',
  nameTitle: '내 이름',
  nameToggle: '내 이름 숨기기',
  closeTitle: '페이지 마감',
  closeBody: '모금한 금액과 함께 페이지는 남지만 새 후원은 받지 않습니다. 나중에, 예를 들어 내년에 다시 열 수 있습니다.',
  closeButton: '페이지 마감',
  reopenTitle: '페이지 다시 열기',
  reopenBody: '새 목표 금액으로 새 회차를 시작합니다. 이전에 모금한 기록은 그대로 남습니다.',
  reopenGoalLabel: '새 목표 금액',
  reopenButton: '페이지 다시 열기',
  client: {
    required: koClient.required,
    goalInvalid: '300처럼 0보다 큰 금액을 입력하세요.',
    left: koClient.left,
    rateLimited: '이 네트워크에서 시도가 너무 많았습니다. 잠시 후 다시 시도해 주세요.',
    network: koClient.network,
    tryAgain: koClient.tryAgain,
    copied: koClient.copied,
    copyFailed: koClient.copyFailed,
    refusals: koClient.refusals,
    hiddenName: '{team}의 후원자',
    nameHiddenHint: '페이지에 내 이름 대신 “{shown}”(이)라고 표시됩니다.',
    goalHint: '{currency} 금액.',
    noLink: '이 주소에는 페이지 링크가 들어 있지 않습니다. 페이지를 만들 때 저장한 링크 전체를 열어 주세요.',
    refused: '이 링크로는 더 이상 페이지를 열 수 없습니다. 팀 리더에게 새 링크를 요청하세요.',
    notFound: '이 링크에 해당하는 페이지가 없습니다. 저장한 링크를 확인해 주세요.',
    saving: '저장하는 중…',
    saved: '저장했습니다.',
    savedWaiting: '저장했습니다. 글 수정 사항은 승인을 기다립니다.',
    noChanges: '바뀐 내용이 없어 저장할 것이 없습니다.',
    nameHidden: '페이지에서 내 이름을 숨겼습니다.',
    nameShown: '페이지에 내 이름이 표시됩니다.',
    closedNow: '페이지를 마감했습니다.',
    reopenedNow: '페이지를 다시 열었습니다.',
    removed: '(삭제)',
  },
};

export const MANAGE_STRINGS: Record<Lang, ManageStrings> = { en: enManage, ko: koManage };
