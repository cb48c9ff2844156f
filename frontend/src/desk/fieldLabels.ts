// The labels an administrator gave the customer card's own fields, for showing a card's values under them.
import { useEffect, useState } from "react";

import { customersApi } from "../customers/api";

/** Field name -> label; empty until loaded (or when they cannot be read: the names are shown then). */
export function useCustomerFieldLabels(): Record<string, string> {
  const [labels, setLabels] = useState<Record<string, string>>({});
  useEffect(() => {
    let live = true;
    customersApi
      .fields()
      .then((fields) => live && setLabels(Object.fromEntries(fields.map((field) => [field.name, field.label]))))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  return labels;
}
