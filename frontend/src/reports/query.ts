// The interaction search's filters: kept in the page address, turned into the API's query.
import { queryString } from "../shared/api/client";
import type { paths } from "../shared/api/schema";

/** GET /api/interactions's query parameters (the CSV export takes the same). */
export type InteractionParams = NonNullable<paths["/api/interactions"]["get"]["parameters"]["query"]>;

export type InteractionFilters = {
  /** Customer id, agent user id, queue id: "" when not filtered. */
  customer: string;
  /** Text typed in the customer box without picking a suggestion: name, company, phone or email. */
  customerSearch: string;
  agent: string;
  queue: string;
  outcome: string;
  /** Calendar days (YYYY-MM-DD) in the browser's time zone, both included. */
  from: string;
  to: string;
};

export const NO_FILTERS: InteractionFilters = { customer: "", customerSearch: "", agent: "", queue: "", outcome: "", from: "", to: "" };
const KEYS = Object.keys(NO_FILTERS) as (keyof InteractionFilters)[];

export function filtersFromParams(params: URLSearchParams): InteractionFilters {
  const filters = { ...NO_FILTERS };
  for (const key of KEYS) filters[key] = params.get(key)?.trim() ?? "";
  return filters;
}

/** The page address's query: only the filters that are set, and the page when it is not the first. */
export function filtersToParams(filters: InteractionFilters, page = 0): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of KEYS) if (filters[key].trim()) params.set(key, filters[key].trim());
  if (page > 0) params.set("page", String(page));
  return params;
}

/** Local midnight of a YYYY-MM-DD day (plus some days) as an ISO time; null for anything else. */
export function dayStart(day: string, plusDays = 0): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day.trim());
  if (!match) return null;
  const at = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + plusDays);
  return Number.isNaN(at.getTime()) ? null : at.toISOString();
}

/** The query for GET /api/interactions (with paging) and its CSV export (without). */
export function interactionParams(
  filters: InteractionFilters,
  paging?: { limit: number; offset: number },
): InteractionParams {
  const params: InteractionParams = {};
  const id = (value: string) => (/^\d+$/.test(value.trim()) && Number(value) > 0 ? Number(value) : null);
  if (id(filters.customer)) params.customer = id(filters.customer);
  else if (filters.customerSearch.trim()) params.customer_search = filters.customerSearch.trim();
  if (id(filters.agent)) params.agent = id(filters.agent);
  if (filters.queue.trim()) params.queue = filters.queue.trim();
  if (filters.outcome.trim()) params.outcome = filters.outcome.trim();
  const since = dayStart(filters.from);
  const until = dayStart(filters.to, 1); // "to" includes the whole day
  if (since) params.since = since;
  if (until) params.until = until;
  if (paging) {
    params.limit = paging.limit;
    params.offset = paging.offset;
  }
  return params;
}

/** The same as a query string (without its "?"). */
export function interactionQuery(filters: InteractionFilters, paging?: { limit: number; offset: number }): string {
  return queryString(interactionParams(filters, paging)).slice(1);
}
