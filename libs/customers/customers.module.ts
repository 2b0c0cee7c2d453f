import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Claim } from './claim.entity';
import { Customer } from './customer.entity';
import { CustomerService } from './customer.service';
import { Policy } from './policy.entity';
import { ProductCatalogue } from './product-catalogue.service';
import { Product } from './product.entity';

@Module({
  imports: [TypeOrmModule.forFeature([Customer, Product, Policy, Claim])],
  providers: [CustomerService, ProductCatalogue],
  exports: [CustomerService, ProductCatalogue, TypeOrmModule],
})
export class CustomersModule {}
