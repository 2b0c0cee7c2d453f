export * from './launch.view';
export { CampaignLaunchService } from './campaign-launch.service';
export { LaunchRequestService } from './launch-request.service';
export { launchJobId } from './launch-jobs';
export { LaunchAtStart, launchTime } from './launch-at-start.service';
export type { LaunchOptions, LaunchOutcome } from './campaign-launch.service';
export { DispatchModule } from './dispatch.module';
