export * from './launch.view';
export { CampaignLaunchService, launchJobId } from './campaign-launch.service';
export type { LaunchOptions, LaunchOutcome } from './campaign-launch.service';
export { DispatchModule } from './dispatch.module';
