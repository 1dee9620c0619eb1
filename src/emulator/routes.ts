// The route table: every path the API serves, the methods each one allows, and who handles them.
// Matching is strict about the trailing slash (the API's paths all end in one) and about ids.
import { API_PATHS } from '../remote/contract.js';
import type { Store } from './store/index.js';
import type { EgressPolicy } from './egress.js';
import type { User } from './store/users.js';
import { login } from './handlers/auth.js';
import { getShop, listShops, patchShop } from './handlers/shops.js';
import { createStep, deleteStep, getStep, listSteps, patchStep } from './handlers/steps.js';
import {
  createBot,
  getBot,
  listBotUsers,
  listBots,
  listLeads,
  listMessages,
  listOrders,
  patchBot,
} from './handlers/bots.js';
import { logMessage, registerUser } from './handlers/message-api.js';
import type { MessageContext } from './handlers/message-api.js';
import {
  createMenuItem,
  deleteMenuItem,
  getMenuItem,
  listMenuItems,
  patchMenuItem,
} from './handlers/menu-items.js';

export interface Reply {
  status: number;
  body?: unknown;
}

export interface PublicContext {
  /** The request URL, absolute, as the client addressed the server. */
  url: URL;
  /** The parsed JSON body (`{}` when empty) for POST and PATCH; undefined otherwise. */
  body: unknown;
  store: Store;
  /** Where the bot may send requests (a bot's webhook URL is checked against it). */
  egress: EgressPolicy;
}

export interface Context extends PublicContext {
  user: User;
}

export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export type Route =
  | {
      kind: 'public';
      template: string;
      methods: Partial<Record<Method, (ctx: PublicContext) => Reply>>;
    }
  | {
      kind: 'collection';
      template: string;
      methods: Partial<Record<Method, (ctx: Context) => Reply>>;
    }
  | {
      kind: 'item';
      template: string;
      methods: Partial<Record<Method, (ctx: Context, id: number) => Reply>>;
    }
  /** Seed 003's message API: its own authorization (token + client-id) and error shape. */
  | {
      kind: 'message';
      template: string;
      methods: Partial<Record<Method, (ctx: MessageContext) => Reply>>;
    };

const ROUTES: readonly Route[] = [
  { kind: 'public', template: API_PATHS.login, methods: { POST: login } },
  { kind: 'collection', template: API_PATHS.shops, methods: { GET: listShops } },
  {
    kind: 'item',
    template: `${API_PATHS.shops}{id}/`,
    methods: { GET: getShop, PATCH: patchShop },
  },
  { kind: 'collection', template: API_PATHS.steps, methods: { GET: listSteps, POST: createStep } },
  {
    kind: 'item',
    template: `${API_PATHS.steps}{id}/`,
    methods: { GET: getStep, PATCH: patchStep, DELETE: deleteStep },
  },
  {
    kind: 'collection',
    template: API_PATHS.menuItems,
    methods: { GET: listMenuItems, POST: createMenuItem },
  },
  {
    kind: 'item',
    template: `${API_PATHS.menuItems}{id}/`,
    methods: { GET: getMenuItem, PATCH: patchMenuItem, DELETE: deleteMenuItem },
  },
  { kind: 'collection', template: API_PATHS.bots, methods: { GET: listBots, POST: createBot } },
  { kind: 'item', template: `${API_PATHS.bots}{id}/`, methods: { GET: getBot, PATCH: patchBot } },
  { kind: 'collection', template: API_PATHS.botUsers, methods: { GET: listBotUsers } },
  { kind: 'collection', template: API_PATHS.messages, methods: { GET: listMessages } },
  { kind: 'collection', template: API_PATHS.leads, methods: { GET: listLeads } },
  { kind: 'collection', template: API_PATHS.orders, methods: { GET: listOrders } },
  { kind: 'message', template: API_PATHS.logMessage, methods: { POST: logMessage } },
  { kind: 'message', template: API_PATHS.registerUser, methods: { POST: registerUser } },
];

export type RouteMatch = { route: Route; id: number | undefined } | { route: undefined };

const ID = '([1-9][0-9]{0,14})';
const compiled = ROUTES.map((route) => ({
  route,
  pattern: new RegExp(`^${route.template.replace(/\./g, '\\.').replace('{id}', ID)}$`),
}));

export function matchRoute(pathname: string): RouteMatch {
  for (const { route, pattern } of compiled) {
    const match = pattern.exec(pathname);
    if (match) {
      const id = match[1] === undefined ? undefined : Number(match[1]);
      if (id === undefined || Number.isSafeInteger(id)) return { route, id };
    }
  }
  return { route: undefined };
}

/** The methods of a route, as an `Allow` header lists them (HEAD wherever GET is). */
export function allowedMethods(route: Route): string[] {
  const methods = Object.keys(route.methods);
  return methods.includes('GET') ? [...methods, 'HEAD'] : methods;
}

export function isMethod(value: string): value is Method {
  return value === 'GET' || value === 'POST' || value === 'PATCH' || value === 'DELETE';
}
