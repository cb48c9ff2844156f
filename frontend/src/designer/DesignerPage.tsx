import { Route, Routes } from "react-router-dom";

import { ScriptEditor } from "./ScriptEditor";
import { ScriptList } from "./ScriptList";

export function DesignerPage() {
  return (
    <Routes>
      <Route index element={<ScriptList />} />
      <Route path=":slug" element={<ScriptEditor />} />
    </Routes>
  );
}
