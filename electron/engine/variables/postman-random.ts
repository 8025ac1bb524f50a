import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import type { Faker } from '@faker-js/faker';
import type { DynamicSources } from '../../../shared/variables';

type Gen = (f: Faker) => string | number | boolean;

const str = (d: Date): string => String(d);
const phone = (f: Faker): string => f.helpers.replaceSymbols('###-###-####');
const image = (category: string): Gen => (f) => f.image.urlLoremFlickr({ category });

/**
 * Postman's `$random…` dynamic variables (postman-collection's list, which newman resolves with
 * faker.js 5) on the current @faker-js/faker, English locale. Where faker renamed or dropped a
 * generator the value keeps Postman's shape: `###-###-####` phone numbers, a 4-digit card mask,
 * a Date's `String()` for the date ones, one alphanumeric character, 2 to 5 random words.
 */
export const POSTMAN_RANDOM: Readonly<Record<string, Gen>> = {
  $randomPhoneNumber: phone,
  $randomPhoneNumberExt: (f) => `${f.number.int({ min: 1, max: 99 })}-${phone(f)}`,
  $randomLocale: (f) => f.location.language().alpha2,
  $randomWords: (f) => f.word.words({ count: { min: 2, max: 5 } }),
  $randomFilePath: (f) => f.system.filePath(),
  $randomDirectoryPath: (f) => f.system.directoryPath(),
  $randomCity: (f) => f.location.city(),
  $randomStreetName: (f) => f.location.street(),
  $randomStreetAddress: (f) => f.location.streetAddress(),
  $randomCountry: (f) => f.location.country(),
  $randomCountryCode: (f) => f.location.countryCode(),
  $randomLatitude: (f) => f.location.latitude(),
  $randomLongitude: (f) => f.location.longitude(),
  $randomColor: (f) => f.color.human(),
  $randomDepartment: (f) => f.commerce.department(),
  $randomProductName: (f) => f.commerce.productName(),
  $randomProductAdjective: (f) => f.commerce.productAdjective(),
  $randomProductMaterial: (f) => f.commerce.productMaterial(),
  $randomProduct: (f) => f.commerce.product(),
  $randomCompanyName: (f) => f.company.name(),
  // faker 9 has no company suffixes any more: faker 5's English ones.
  $randomCompanySuffix: (f) => f.helpers.arrayElement(['Inc', 'and Sons', 'LLC', 'Group']),
  $randomCatchPhrase: (f) => f.company.catchPhrase(),
  $randomBs: (f) => f.company.buzzPhrase(),
  $randomCatchPhraseAdjective: (f) => f.company.catchPhraseAdjective(),
  $randomCatchPhraseDescriptor: (f) => f.company.catchPhraseDescriptor(),
  $randomCatchPhraseNoun: (f) => f.company.catchPhraseNoun(),
  $randomBsAdjective: (f) => f.company.buzzAdjective(),
  $randomBsBuzz: (f) => f.company.buzzVerb(),
  $randomBsNoun: (f) => f.company.buzzNoun(),
  $randomDatabaseColumn: (f) => f.database.column(),
  $randomDatabaseType: (f) => f.database.type(),
  $randomDatabaseCollation: (f) => f.database.collation(),
  $randomDatabaseEngine: (f) => f.database.engine(),
  $randomDatePast: (f) => str(f.date.past()),
  $randomDateFuture: (f) => str(f.date.future()),
  $randomDateRecent: (f) => str(f.date.recent()),
  $randomMonth: (f) => f.date.month(),
  $randomWeekday: (f) => f.date.weekday(),
  $randomBankAccount: (f) => f.finance.accountNumber(),
  $randomBankAccountName: (f) => f.finance.accountName(),
  $randomCreditCardMask: (f) => f.string.numeric(4),
  $randomPrice: (f) => f.finance.amount(),
  $randomTransactionType: (f) => f.finance.transactionType(),
  $randomCurrencyCode: (f) => f.finance.currencyCode(),
  $randomCurrencyName: (f) => f.finance.currencyName(),
  $randomCurrencySymbol: (f) => f.finance.currencySymbol(),
  $randomBitcoin: (f) => f.finance.bitcoinAddress(),
  $randomBankAccountIban: (f) => f.finance.iban(),
  $randomBankAccountBic: (f) => f.finance.bic(),
  $randomAbbreviation: (f) => f.hacker.abbreviation(),
  $randomAdjective: (f) => f.hacker.adjective(),
  $randomNoun: (f) => f.hacker.noun(),
  $randomVerb: (f) => f.hacker.verb(),
  $randomIngverb: (f) => f.hacker.ingverb(),
  $randomPhrase: (f) => f.hacker.phrase(),
  $randomAvatarImage: (f) => f.image.avatar(),
  $randomImageUrl: (f) => f.image.url(),
  $randomAbstractImage: image('abstract'),
  $randomAnimalsImage: image('animals'),
  $randomBusinessImage: image('business'),
  $randomCatsImage: image('cats'),
  $randomCityImage: image('city'),
  $randomFoodImage: image('food'),
  $randomNightlifeImage: image('nightlife'),
  $randomFashionImage: image('fashion'),
  $randomPeopleImage: image('people'),
  $randomNatureImage: image('nature'),
  $randomSportsImage: image('sports'),
  $randomTransportImage: image('transport'),
  $randomImageDataUri: (f) => f.image.dataUri(),
  $randomEmail: (f) => f.internet.email(),
  $randomExampleEmail: (f) => f.internet.exampleEmail(),
  $randomUserName: (f) => f.internet.username(),
  $randomProtocol: (f) => f.internet.protocol(),
  $randomUrl: (f) => f.internet.url(),
  $randomDomainName: (f) => f.internet.domainName(),
  $randomDomainSuffix: (f) => f.internet.domainSuffix(),
  $randomDomainWord: (f) => f.internet.domainWord(),
  $randomIP: (f) => f.internet.ipv4(),
  $randomIPV6: (f) => f.internet.ipv6(),
  $randomUserAgent: (f) => f.internet.userAgent(),
  $randomHexColor: (f) => f.color.rgb(),
  $randomMACAddress: (f) => f.internet.mac(),
  $randomPassword: (f) => f.internet.password(),
  $randomLoremWord: (f) => f.lorem.word(),
  $randomLoremWords: (f) => f.lorem.words(),
  $randomLoremSentence: (f) => f.lorem.sentence(),
  $randomLoremSlug: (f) => f.lorem.slug(),
  $randomLoremSentences: (f) => f.lorem.sentences(),
  $randomLoremParagraph: (f) => f.lorem.paragraph(),
  $randomLoremParagraphs: (f) => f.lorem.paragraphs(),
  $randomLoremText: (f) => f.lorem.text(),
  $randomLoremLines: (f) => f.lorem.lines(),
  $randomFirstName: (f) => f.person.firstName(),
  $randomLastName: (f) => f.person.lastName(),
  $randomFullName: (f) => f.person.fullName(),
  $randomJobTitle: (f) => f.person.jobTitle(),
  $randomNamePrefix: (f) => f.person.prefix(),
  $randomNameSuffix: (f) => f.person.suffix(),
  $randomJobDescriptor: (f) => f.person.jobDescriptor(),
  $randomJobArea: (f) => f.person.jobArea(),
  $randomJobType: (f) => f.person.jobType(),
  $randomBoolean: (f) => f.datatype.boolean(),
  $randomWord: (f) => f.word.sample(),
  $randomAlphaNumeric: (f) => f.string.alphanumeric(1),
  $randomFileName: (f) => f.system.fileName(),
  $randomCommonFileName: (f) => f.system.commonFileName(),
  $randomMimeType: (f) => f.system.mimeType(),
  $randomCommonFileType: (f) => f.system.commonFileType(),
  $randomCommonFileExt: (f) => f.system.commonFileExt(),
  $randomFileType: (f) => f.system.fileType(),
  $randomFileExt: (f) => f.system.fileExt(),
  $randomSemver: (f) => f.system.semver(),
};

const load = createRequire(import.meta.url);
let loaded: Faker | undefined;

/**
 * faker is required the first time a `$random…` name is used, never at start-up: its English
 * locale costs tens of milliseconds and megabytes a run that uses none of them should not pay.
 */
function faker(): Faker {
  loaded ??= (load('@faker-js/faker/locale/en') as { faker: Faker }).faker;
  return loaded;
}

/** A Postman `$random…` value, or undefined for a name not in Postman's list. */
export function postmanRandom(name: string): string | undefined {
  const gen = POSTMAN_RANDOM[name];
  return gen ? String(gen(faker())) : undefined;
}

/** The engine's sources of dynamic values: its clock, Math.random, crypto UUIDs and Postman's random data. */
export function dynamicSources(now: () => Date): DynamicSources {
  return { now, random: Math.random, uuid: randomUUID, fake: postmanRandom };
}
