import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { FastifyReply, FastifyRequest } from 'fastify';
import { AuthService, AuthUser, CurrentUser, Public, SESSION_COOKIE, sessionTokenOf } from '@lib/auth';
import { AppConfig } from '@lib/config';

class LoginBody {
  @ApiProperty({ example: 'cm.province' })
  @IsString()
  @MinLength(1)
  @MaxLength(50)
  username: string;

  @ApiProperty({ example: 'Demo@2026' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  password: string;
}

function publicUser(user: AuthUser) {
  const { scope, ...rest } = user;
  return { ...rest, orgPath: scope.path };
}

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly config: AppConfig,
  ) {}

  /** Returns a session token and also sets it as an httpOnly cookie for the web UI. */
  @Public()
  @Post('login')
  @HttpCode(200)
  async login(@Body() body: LoginBody, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const { token, user } = await this.auth.login(body.username, body.password, req.ip);
    reply.setCookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: this.config.NODE_ENV === 'production',
      path: '/',
      maxAge: this.config.SESSION_TTL_HOURS * 3600,
    });
    return { token, user: publicUser(user) };
  }

  @ApiBearerAuth()
  @Post('logout')
  @HttpCode(204)
  async logout(@Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    const token = sessionTokenOf(req);
    if (token) await this.auth.logout(token);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
  }

  @ApiBearerAuth()
  @Get('me')
  me(@CurrentUser() user: AuthUser) {
    return publicUser(user);
  }
}
