import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { ProductView } from './customer.dto';
import { Product } from './product.entity';

/** The products the insurer sells; the same for every org unit. */
@Injectable()
export class ProductCatalogue {
  constructor(@InjectRepository(Product) private readonly products: Repository<Product>) {}

  async list(): Promise<ProductView[]> {
    return this.products.find({ order: { line: 'ASC', code: 'ASC' } });
  }
}
