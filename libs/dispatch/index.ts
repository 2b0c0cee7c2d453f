export * from './launch.view';
export { CampaignLaunchService } from './campaign-launch.service';
export { LaunchRequestService, launchJobId } from './launch-request.service';
export { LaunchAtStart, launchTime } from './launch-at-start.service';
export type { LaunchOptions, LaunchOutcome } from './campaign-launch.service';
export { DispatchModule } from './dispatch.module';
