import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  Max,
  Min,
} from 'class-validator';
import { IsDateTime, OptionalValue } from '@lib/common';
import type { RuleNode } from '@lib/segments';
import { CONTACT_CHANNELS, ContactChannel } from './contact-channel';
import type { ContactCheckRequest, ContactPurpose } from './contact-policy.view';

/** Body of POST /contact-policies/:id/check: an audience (a saved segment or a rule) and how it would be contacted. */
export class ContactCheckBody implements ContactCheckRequest {
  @ApiPropertyOptional({ description: 'A saved segment (or give a rule)', example: 3 })
  @OptionalValue()
  @IsInt()
  @Min(1)
  @Max(2147483647)
  segmentId?: number;

  @ApiPropertyOptional({ description: 'An ad-hoc rule in the segment rule language (or give a segmentId)', type: Object })
  @OptionalValue()
  @IsObject()
  rule?: RuleNode;

  @ApiProperty({ enum: CONTACT_CHANNELS, isArray: true, example: ['phone', 'email'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(CONTACT_CHANNELS.length)
  @ArrayUnique()
  @IsIn(CONTACT_CHANNELS, { each: true })
  channels: ContactChannel[];

  @ApiPropertyOptional({ description: 'When the contacts would happen (default: now)', example: '2026-03-10T10:00:00+08:00', format: 'date-time' })
  @OptionalValue()
  @IsDateTime()
  at?: string;

  @ApiPropertyOptional({ enum: ['sales', 'renewal'], default: 'sales' })
  @OptionalValue()
  @IsIn(['sales', 'renewal'])
  purpose?: ContactPurpose;

  @ApiPropertyOptional({ description: 'The asking campaign: its own planned contacts do not count against it', example: 12 })
  @OptionalValue()
  @IsInt()
  @Min(1)
  @Max(2147483647)
  campaignId?: number;

  @ApiPropertyOptional({ description: 'The asking campaign priority; higher wins', example: 5 })
  @OptionalValue()
  @IsInt()
  @Min(0)
  @Max(32767)
  priority?: number;
}
