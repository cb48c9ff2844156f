import { Route, Routes } from "react-router-dom";

import { NotFound } from "../shell/Guards";
import { CustomerPage } from "./CustomerPage";
import { CustomersPage } from "./CustomersPage";
import { InteractionPage } from "./InteractionPage";
import "./customers.css";

/** Customers (search, cards, history) and the interaction view, for every signed-in user. */
export function CustomersArea() {
  return (
    <Routes>
      <Route index element={<CustomersPage />} />
      <Route path="interactions/:id" element={<InteractionPage />} />
      <Route path=":id" element={<CustomerPage />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
