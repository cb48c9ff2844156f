import { useEffect, useId, useRef, type ButtonHTMLAttributes, type InputHTMLAttributes, type ReactNode, type Ref } from "react";

import { useI18n } from "../i18n";
import { formatDateTime } from "../format";

type ButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & {
  variant?: "primary" | "danger";
  small?: boolean;
  ref?: Ref<HTMLButtonElement>;
};

export function Button({ variant, small, className, type, ...rest }: ButtonProps) {
  const classes = ["button", variant, small ? "small" : "", className].filter(Boolean).join(" ");
  return <button type={type ?? "button"} className={classes} {...rest} />;
}

type FieldProps = InputHTMLAttributes<HTMLInputElement> & { label: string; error?: string; help?: string };

export function Field({ label, error, help, id, ...rest }: FieldProps) {
  const generated = useId();
  const inputId = id ?? generated;
  return (
    <div className="field">
      <label htmlFor={inputId}>{label}</label>
      <input id={inputId} aria-invalid={error ? true : undefined} aria-describedby={error ? `${inputId}-error` : undefined} {...rest} />
      {error && (
        <span className="error" id={`${inputId}-error`}>
          {error}
        </span>
      )}
      {help && <span className="help">{help}</span>}
    </div>
  );
}

type SelectProps = {
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: { value: string; label: string }[];
  error?: string;
};

export function SelectField({ label, value, onChange, options, error }: SelectProps) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      {error && <span className="error">{error}</span>}
    </div>
  );
}

export function Badge({ tone, children }: { tone?: "ok" | "danger" | "warn"; children: ReactNode }) {
  return <span className={["badge", tone].filter(Boolean).join(" ")}>{children}</span>;
}

export function Alert({ tone, children }: { tone: "error" | "ok" | "warn"; children: ReactNode }) {
  return (
    <div className={`alert ${tone}`} role={tone === "error" ? "alert" : "status"}>
      {children}
    </div>
  );
}

export function PageHeader({ title, subtitle, actions }: { title: string; subtitle?: ReactNode; actions?: ReactNode }) {
  return (
    <div className="page-header">
      <div>
        <h1>{title}</h1>
        {subtitle && <div className="muted">{subtitle}</div>}
      </div>
      {actions && <div className="row">{actions}</div>}
    </div>
  );
}

/** A page: its header (title, optional subtitle and actions) above the content. */
export function PageLayout({
  title,
  subtitle,
  actions,
  children,
}: {
  title: string;
  subtitle?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
}) {
  return (
    <>
      <PageHeader title={title} subtitle={subtitle} actions={actions} />
      {children}
    </>
  );
}

/** A data table in a bordered, scrollable frame; label names it for assistive technology. */
export function Table({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-wrap">
      <table className="table" aria-label={label}>
        {children}
      </table>
    </div>
  );
}

type DialogProps = { open: boolean; title: string; onClose: () => void; children: ReactNode; wide?: boolean };

export function Dialog({ open, title, onClose, children, wide }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      if (typeof dialog.showModal === "function") dialog.showModal();
      else dialog.setAttribute("open", "");
    } else if (!open && dialog.open) {
      if (typeof dialog.close === "function") dialog.close();
      else dialog.removeAttribute("open");
    }
  }, [open]);
  return (
    <dialog ref={ref} className={wide ? "dialog wide" : "dialog"} aria-labelledby={titleId} onCancel={onClose} onClose={onClose}>
      {open && (
        <>
          <h2 id={titleId}>{title}</h2>
          {children}
        </>
      )}
    </dialog>
  );
}

type ConfirmProps = { open: boolean; message: string; onConfirm: () => void; onCancel: () => void; danger?: boolean };

export function ConfirmDialog({ open, message, onConfirm, onCancel, danger }: ConfirmProps) {
  const { t } = useI18n();
  return (
    <Dialog open={open} title={t("common.confirm")} onClose={onCancel}>
      <p>{message}</p>
      <div className="row" style={{ justifyContent: "flex-end" }}>
        <Button onClick={onCancel}>{t("common.cancel")}</Button>
        <Button variant={danger ? "danger" : "primary"} onClick={onConfirm}>
          {t("common.confirm")}
        </Button>
      </div>
    </Dialog>
  );
}

/** A date and time in the interface language, or `never` when there is none. */
export function formatTime(value: string | null | undefined, lang: string, never: string): string {
  return value ? formatDateTime(value, lang) : never;
}
