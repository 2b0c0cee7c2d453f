import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { FastifyReply, FastifyRequest } from 'fastify';
import {
  AuthService,
  AuthUser,
  CurrentUser,
  LoginAnswer,
  LoginInput,
  Public,
  Role,
  SESSION_COOKIE,
  SessionUserView,
  sessionTokenOf,
} from '@lib/auth';
import { AppConfig } from '@lib/config';

class LoginBody implements LoginInput {
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

/** The OpenAPI schema of SessionUserView. */
class SessionUserViewSchema implements SessionUserView {
  @ApiProperty({ example: 12 })
  id: number;

  @ApiProperty({ example: 'cm.province' })
  username: string;

  @ApiProperty({ example: '王丽' })
  displayName: string;

  @ApiProperty({ enum: Role, isArray: true })
  roles: Role[];

  @ApiProperty({ example: 2 })
  orgUnitId: number;

  @ApiProperty({ example: '江苏省分公司' })
  orgUnitName: string;

  @ApiProperty({ example: 'Jiangsu Branch', nullable: true, type: String })
  orgUnitNameEn: string | null;

  @ApiProperty({ example: 2 })
  orgLevel: number;

  @ApiProperty({ example: '/1/2/' })
  orgPath: string;
}

/** The OpenAPI schema of LoginAnswer. */
class LoginAnswerSchema implements LoginAnswer {
  @ApiProperty({ description: 'Session token, to send as Authorization: Bearer …' })
  token: string;

  @ApiProperty({ type: SessionUserViewSchema })
  user: SessionUserViewSchema;
}

function sessionUserView(user: AuthUser): SessionUserView {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    roles: user.roles,
    orgUnitId: user.orgUnitId,
    orgUnitName: user.orgUnitName,
    orgUnitNameEn: user.orgUnitNameEn,
    orgLevel: user.orgLevel,
    orgPath: user.scope.path,
  };
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
  @ApiOkResponse({ type: LoginAnswerSchema })
  async login(
    @Body() body: LoginBody,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LoginAnswer> {
    const { token, user } = await this.auth.login(body.username, body.password, req.ip);
    reply.setCookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: this.config.NODE_ENV === 'production',
      path: '/',
      maxAge: this.config.SESSION_TTL_HOURS * 3600,
    });
    return { token, user: sessionUserView(user) };
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
  @ApiOkResponse({ type: SessionUserViewSchema })
  me(@CurrentUser() user: AuthUser): SessionUserView {
    return sessionUserView(user);
  }
}
