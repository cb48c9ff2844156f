import { Route, Routes } from "react-router-dom";

import { InteractionsPage } from "../reports/InteractionsPage";
import { NotFound } from "../shell/Guards";
import { AgentsPage } from "./AgentsPage";
import { LiveBoard } from "./LiveBoard";
import { QueueEditPage } from "./QueueEditPage";
import { QueuesPage } from "./QueuesPage";
import { SupervisorTabs } from "./SupervisorTabs";
import "./supervisor.css";

/** The supervisor area: the live wallboard, queue settings, agents with the skill catalog, and the interaction
 * search (from reports/, among the supervisor's tabs). */
export function SupervisorPage() {
  return (
    <Routes>
      <Route index element={<LiveBoard />} />
      <Route path="queues" element={<QueuesPage />} />
      <Route path="queues/new" element={<QueueEditPage />} />
      <Route path="queues/:queueId" element={<QueueEditPage />} />
      <Route path="agents" element={<AgentsPage />} />
      <Route path="interactions" element={<InteractionsPage tabs={<SupervisorTabs />} />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
