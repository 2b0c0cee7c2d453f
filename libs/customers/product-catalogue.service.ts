import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { ConflictError, NotFoundError } from '@lib/common';
import { CreateProductBody, UpdateProductBody } from './product.dto';
import { Product } from './product.entity';
import type { ProductView } from './product.view';

/** The fields of a PATCH that were sent (null included: it clears nameEn). */
function defined<T extends object>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Partial<T>;
}

/** The products the insurer sells; the same for every org unit, so no org scope applies. */
@Injectable()
export class ProductCatalogue {
  constructor(@InjectRepository(Product) private readonly products: Repository<Product>) {}

  async list(): Promise<ProductView[]> {
    return this.products.find({ order: { line: 'ASC', code: 'ASC' } });
  }

  async create(body: CreateProductBody): Promise<ProductView> {
    return this.products.manager.transaction(async (manager) => {
      // ON CONFLICT keeps two parallel creates of one code from ending in a unique-violation 500.
      const inserted = await manager
        .createQueryBuilder()
        .insert()
        .into(Product)
        .values({ code: body.code, name: body.name, nameEn: body.nameEn ?? null, line: body.line, active: true })
        .orIgnore()
        .returning('code')
        .execute();
      if (inserted.raw.length === 0) {
        throw new ConflictError(`A product with the code ${body.code} already exists`, 'duplicate_code', { code: body.code });
      }
      return this.afterWrite(manager, body.code);
    });
  }

  async update(code: string, body: UpdateProductBody): Promise<ProductView> {
    return this.products.manager.transaction(async (manager) => {
      const product = await manager.findOne(Product, { where: { code }, lock: { mode: 'pessimistic_write' } });
      if (!product) throw new NotFoundError('product', code);
      const { name, nameEn, line, active } = body;
      await manager.save(Product, { ...product, ...defined({ name, nameEn, line, active }) });
      return this.afterWrite(manager, code);
    });
  }

  /**
   * The catalogue is too small for autovacuum ever to analyze it, and segment previews
   * plan their joins on its statistics, so every write refreshes them.
   */
  private async afterWrite(manager: EntityManager, code: string): Promise<ProductView> {
    await manager.query('ANALYZE products');
    return manager.findOneOrFail(Product, { where: { code } });
  }
}
