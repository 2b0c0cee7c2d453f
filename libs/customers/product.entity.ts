import { Column, Entity, PrimaryColumn } from 'typeorm';
import { ProductLine } from './product-line';

export { ProductLine } from './product-line';

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
