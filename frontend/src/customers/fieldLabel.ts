// A custom field's label in the reader's language: the admin's label for that language, else the default one.
import type { Lang } from "../shared/i18n";
import type { CustomerField } from "./api";

export type LabelledField = Pick<CustomerField, "label"> & { labels?: Partial<Record<string, string>> };

/** `labels[lang]` when the admin gave one (non-empty), else `label`. */
export function fieldLabel(field: LabelledField, lang: Lang): string {
  const own = field.labels?.[lang];
  return own ? own : field.label;
}

/** Field name -> its label in `lang`, for showing a card's values under them. */
export function fieldLabelsIn(fields: (LabelledField & { name: string })[], lang: Lang): Record<string, string> {
  return Object.fromEntries(fields.map((field) => [field.name, fieldLabel(field, lang)]));
}
