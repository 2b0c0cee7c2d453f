import { Column, Entity, PrimaryColumn } from 'typeorm';

export enum ProductLine {
  MotorCompulsory = 'motor_compulsory',
  MotorCommercial = 'motor_commercial',
  Home = 'home',
  Accident = 'accident',
  Health = 'health',
  Travel = 'travel',
  Liability = 'liability',
}

/** An insurance product of the catalogue (交强险, 商业车险, 家财险, ...). */
@Entity('products')
export class Product {
  @PrimaryColumn()
  code: string;

  @Column()
  name: string;

  @Column({ name: 'name_en', type: 'varchar', nullable: true })
  nameEn: string | null;

  @Column({ type: 'varchar' })
  line: ProductLine;

  @Column()
  active: boolean;
}
