import { common } from './common';
import type { Language } from './define';
import { access } from '../features/access/messages';
import { inbox } from '../features/inbox/messages';
import { placement } from '../features/placement/messages';
import { clients } from '../features/clients/messages';
import { everyday } from '../features/clients/everydayMessages';
import { anonymousVisits } from '../features/anonymousVisits/messages';
import { reports } from '../features/reports/messages';
import { about } from '../features/about/messages';
import { webhooks } from '../features/webhooks/messages';
import { outreach } from '../features/outreach/messages';
import { registers } from '../features/clients/registerMessages';
import { transfers } from '../features/transfers/messages';

const features = {
  common,
  access,
  inbox,
  placement,
  clients,
  everyday,
  anonymousVisits,
  reports,
  about,
  webhooks,
  outreach,
  registers,
  transfers,
};

type Of<L extends Language> = { [K in keyof typeof features]: (typeof features)[K][L] };
export type Messages = Of<'fi'>;

function pick<L extends Language>(lang: L): Of<L> {
  return Object.fromEntries(Object.entries(features).map(([k, v]) => [k, v[lang]])) as Of<L>;
}

export const messages: Record<Language, Messages> = { fi: pick('fi'), sv: pick('sv'), en: pick('en') };
