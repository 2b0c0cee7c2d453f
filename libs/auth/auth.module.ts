import { Global, Module } from '@nestjs/common';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { LoginThrottle } from './login-throttle';
import { SessionStore } from './session-store';
import { UserDirectory } from './user-directory';

@Global()
@Module({
  providers: [AuthService, AuthGuard, SessionStore, LoginThrottle, UserDirectory],
  exports: [AuthService, AuthGuard, SessionStore],
})
export class AuthModule {}
