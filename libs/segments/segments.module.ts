import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SegmentSnapshot } from './segment-snapshot.entity';
import { Segment } from './segment.entity';
import { SegmentService } from './segment.service';

/** Segments: the rule language, audiences, static lists, snapshots and overlap. */
@Module({
  imports: [TypeOrmModule.forFeature([Segment, SegmentSnapshot])],
  providers: [SegmentService],
  exports: [SegmentService],
})
export class SegmentsModule {}
