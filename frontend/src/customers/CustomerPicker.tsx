// Find a customer by typing (name, company, phone, email) and choose one from the matches.
import { useEffect, useId, useRef, useState } from "react";

import { useI18n } from "../shared/i18n";
import { useErrors } from "../shared/i18n/errors";
import { Button } from "../shared/ui/components";
import { customersApi, type CustomerOut } from "./api";
import { displayName } from "./customerForm";
import { useDebounced } from "./useDebounced";

type Props = {
  label: string;
  /** The chosen customer (shown instead of the search box), or null. */
  chosen: { id: number; name: string } | null;
  onChoose: (customer: CustomerOut) => void;
  onClear: () => void;
  /** Leave this customer out of the matches (the one being merged into). */
  exclude?: number;
  /** The typed text, when the parent uses it as well (a search by what was typed); otherwise kept here. */
  text?: string;
  onText?: (text: string) => void;
};

export function CustomerPicker({ label, chosen, onChoose, onClear, exclude, text: shown, onText }: Props) {
  const { t } = useI18n();
  const { errorText } = useErrors();
  const id = useId();
  const [own, setOwn] = useState("");
  const text = shown ?? own;
  const setText = (value: string) => (onText ? onText(value) : setOwn(value));
  const query = useDebounced(text.trim(), 300);
  const [matches, setMatches] = useState<CustomerOut[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  // After choosing or clearing, keep the keyboard focus where the person continues (not on the page's body).
  const input = useRef<HTMLInputElement>(null);
  const change = useRef<HTMLButtonElement>(null);
  const moved = useRef(false);
  useEffect(() => {
    if (!moved.current) return;
    moved.current = false;
    (chosen ? change.current : input.current)?.focus();
  }, [chosen]);

  useEffect(() => {
    if (!query || chosen) {
      setMatches(null);
      return;
    }
    let live = true;
    customersApi
      .search(query, 8)
      .then((found) => {
        if (!live) return;
        setMatches(found.filter((customer) => customer.id !== exclude));
        setError(null);
      })
      .catch((caught: unknown) => {
        if (live) setError(errorText(caught));
      });
    return () => {
      live = false;
    };
  }, [query, chosen, exclude]);

  if (chosen) {
    return (
      <div className="field">
        <span className="label-like">{label}</span>
        <div className="row picker-chosen">
          <span className="strong">{chosen.name}</span>
          <Button small ref={change} onClick={() => { moved.current = true; setText(""); onClear(); }} aria-label={t("customers.picker.clearNamed", { name: chosen.name })}>
            {t("customers.picker.clear")}
          </Button>
        </div>
      </div>
    );
  }
  return (
    <div className="field picker">
      <label htmlFor={id}>{label}</label>
      <input
        ref={input}
        id={id}
        type="search"
        value={text}
        autoComplete="off"
        placeholder={t("customers.search.placeholder")}
        aria-describedby={`${id}-matches`}
        onChange={(event) => setText(event.target.value)}
      />
      <div id={`${id}-matches`} aria-live="polite">
        {error && <span className="error">{error}</span>}
        {matches && matches.length === 0 && <span className="help">{t("customers.search.none")}</span>}
        {matches && matches.length > 0 && (
          <ul className="picker-matches" aria-label={t("customers.picker.matches")}>
            {matches.map((customer) => (
              <li key={customer.id}>
                <button type="button" className="picker-match" onClick={() => { moved.current = true; onChoose(customer); }}>
                  <span className="strong">{displayName(customer)}</span>
                  <span className="muted small">
                    {[customer.company, ...customer.phones, ...customer.emails].filter(Boolean).join(" · ")}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
