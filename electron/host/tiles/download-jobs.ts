import { wrmKeys, type AreaStore } from './area-store';
import { runDownload, type DownloadDeps, type DownloadPlan } from './downloader';
import type { MbtilesFile } from './mbtiles';

type Job = { readonly controller: AbortController; readonly done: Promise<void> };

/**
 * The downloads running now, one per area. A download marks its area "downloading" while it runs;
 * when it ends the area says why — interrupted (with the error), paused (stopped by the crew) or
 * complete — and the page hears of it through `progress`.
 */
export function createDownloadJobs(deps: {
  readonly download: DownloadDeps;
  readonly areas: AreaStore;
  readonly now: () => Date;
  readonly progress: (areaId: string) => void;
}) {
  const { areas } = deps;
  const jobs = new Map<string, Job>();

  /** Starts downloading `plan` into the area's open `file`. */
  function start(areaId: string, file: MbtilesFile, plan: DownloadPlan): void {
    const controller = new AbortController();
    file.setMetadata({
      [wrmKeys.state]: 'downloading',
      [wrmKeys.error]: '',
      [wrmKeys.updatedAt]: deps.now().toISOString(),
    });
    const done = runDownload(deps.download, file, plan, controller.signal, () => deps.progress(areaId)).then(
      (end) => {
        jobs.delete(areaId);
        try {
          if (end.kind === 'failed') {
            file.setMetadata({ [wrmKeys.state]: 'interrupted', [wrmKeys.error]: JSON.stringify(end.error) });
          } else if (end.kind === 'stopped' && areas.open(areaId) !== null) {
            file.setMetadata({ [wrmKeys.state]: 'paused' });
          }
        } catch {
          // A full disk may refuse even this; the file still says "downloading", read back as interrupted.
        }
        if (areas.ids().includes(areaId)) {
          deps.progress(areaId);
        }
      },
    );
    jobs.set(areaId, { controller, done });
  }

  /** Stops the area's download, if one runs, and waits until it has let go of the file. */
  async function stop(areaId: string): Promise<void> {
    const job = jobs.get(areaId);
    if (job) {
      job.controller.abort();
      await job.done;
    }
  }

  return {
    start,
    stop,
    running: (areaId: string): boolean => jobs.has(areaId),
    stopAll: async (): Promise<void> => {
      await Promise.all([...jobs.keys()].map(stop));
    },
  };
}
