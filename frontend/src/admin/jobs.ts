/** The jobs page's calls: the periodic jobs with their runs, the queues, the workers; run one now. */
import { api, unwrap } from "@/api/client";
import type { JobsPage } from "@/api/types";

/** Every periodic job, the queues and the workers seen. */
export async function listJobs(): Promise<JobsPage> {
  return (await unwrap(api.GET("/api/v1/jobs"))).data;
}

/** Send a job now, as Beat would. */
export async function runJob(name: string): Promise<string> {
  const params = { path: { name } };
  return (await unwrap(api.POST("/api/v1/jobs/{name}/run", { params }))).data.task_id;
}
