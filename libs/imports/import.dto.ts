import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsOptional } from 'class-validator';
import { ImportKind, ImportMode } from './import-columns';
import { ImportLanguage } from './import-messages';
import { ImportStatus } from './import-job.entity';
import { TextEncoding } from './text-encoding';
import type * as View from './import.view';

export class CreateImportQuery implements View.ImportUploadQuery {
  @ApiProperty({ enum: ImportKind })
  @IsEnum(ImportKind)
  kind: ImportKind;

  @ApiPropertyOptional({ enum: ImportMode, default: ImportMode.AllOrNothing })
  @IsOptional()
  @IsEnum(ImportMode)
  mode: ImportMode = ImportMode.AllOrNothing;

  @ApiPropertyOptional({ enum: ImportLanguage, default: ImportLanguage.Chinese, description: 'Language of the rejected rows\' reasons and of the outcome' })
  @IsOptional()
  @IsEnum(ImportLanguage)
  language: ImportLanguage = ImportLanguage.Chinese;
}

/** The OpenAPI schema of ImportView. */
export class ImportViewSchema implements View.ImportView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ImportKind }) kind: ImportKind;
  @ApiProperty({ enum: ImportMode }) mode: ImportMode;
  @ApiProperty({ enum: ImportLanguage }) language: ImportLanguage;
  @ApiProperty({ enum: ImportStatus }) status: ImportStatus;
  @ApiProperty() fileName: string;
  @ApiProperty() fileSize: number;
  @ApiProperty({ enum: TextEncoding, nullable: true, description: 'The encoding the file was read in (GB18030 files are converted to UTF-8); null until it is known' })
  encoding: TextEncoding | null;
  @ApiProperty({ description: 'How many times the uploader ran the import again after it failed' }) reruns: number;
  @ApiProperty() rowsRead: number;
  @ApiProperty() rowsValid: number;
  @ApiProperty() rowsRejected: number;
  @ApiProperty() rowsInserted: number;
  @ApiProperty() rowsUpdated: number;
  @ApiProperty() rowsUnchanged: number;
  @ApiProperty({ nullable: true, type: String }) error: string | null;
  @ApiProperty() createdBy: number;
  @ApiProperty() orgUnitId: number;
  @ApiProperty() createdAt: Date;
  @ApiProperty({ nullable: true, type: Date }) startedAt: Date | null;
  @ApiProperty({ nullable: true, type: Date }) finishedAt: Date | null;
}

/** The OpenAPI schema of ImportRejectionView. */
export class ImportRejectionViewSchema implements View.ImportRejectionView {
  @ApiProperty({ description: 'Line of the file (line 1 is the header)' }) lineNo: number;
  @ApiProperty() reason: string;
  @ApiProperty({ nullable: true, type: String }) raw: string | null;
}
