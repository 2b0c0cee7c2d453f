import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { QueueModule } from '@lib/queue';
import { CsvImporter } from './csv-importer.service';
import { ImportJob } from './import-job.entity';
import { ImportService } from './import.service';

@Module({
  imports: [TypeOrmModule.forFeature([ImportJob]), QueueModule],
  providers: [ImportService, CsvImporter],
  exports: [ImportService, CsvImporter],
})
export class ImportsModule {}
