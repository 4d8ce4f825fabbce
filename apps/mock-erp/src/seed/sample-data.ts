/** Word lists for realistic seed data (fictitious names, real city/postal-code shapes). */
export const companyStems = [
  'Adatum',
  'Alpine Ski',
  'Coho Winery',
  'Contoso',
  'Fabrikam',
  'Fourth Coffee',
  'Litware',
  'Northwind',
  'Proseware',
  'Relecloud',
  'Tailspin',
  'Trey Research',
  'Wide World',
  'Woodgrove',
  'Blue Yonder',
  'Graphic Design',
  'Lucerne',
  'Margie',
  'Southridge',
  'Wingtip',
  'Humongous',
  'Nod Publishers',
  'School of Fine Art',
  'City Power',
  'Consolidated Messenger',
] as const;

export const companySuffixes = [
  'Inc.',
  'Corporation',
  'Ltd.',
  'Group',
  'Partners',
  'Trading',
  'AB',
  'LLC',
] as const;

export const firstNames = [
  'Anna',
  'Ben',
  'Carla',
  'David',
  'Elena',
  'Felix',
  'Grace',
  'Hugo',
  'Ines',
  'Jonas',
  'Karin',
  'Lars',
  'Maja',
  'Nils',
  'Olivia',
  'Peter',
  'Rosa',
  'Sven',
  'Tara',
  'Viktor',
  'Wendy',
  'Yusuf',
] as const;

export const lastNames = [
  'Andersson',
  'Baker',
  'Carter',
  'Diaz',
  'Eriksson',
  'Fischer',
  'Garcia',
  'Hansen',
  'Ito',
  'Johansson',
  'Kim',
  'Larsson',
  'Miller',
  'Nilsson',
  'Olsen',
  'Patel',
  'Quinn',
  'Rossi',
  'Smith',
  'Turner',
  'Usman',
  'Weber',
] as const;

export const jobTitles = [
  'Purchaser',
  'CEO',
  'Accountant',
  'Sales Manager',
  'Buyer',
  'Controller',
  'Owner',
] as const;

export const streetsByCountry: Record<'US' | 'SE', readonly string[]> = {
  US: ['Main Street', 'Oak Avenue', 'Park Road', 'Lake Drive', 'Hill Street'],
  SE: ['Storgatan', 'Kungsgatan', 'Sveavägen', 'Drottninggatan', 'Vasagatan'],
};

export interface Place {
  city: string;
  state: string;
  postalCode: string;
  phonePrefix: string;
}

export const placesByCountry: Record<'US' | 'SE', readonly Place[]> = {
  US: [
    { city: 'Atlanta', state: 'GA', postalCode: '31772', phonePrefix: '+1 404' },
    { city: 'Chicago', state: 'IL', postalCode: '61236', phonePrefix: '+1 312' },
    { city: 'Miami', state: 'FL', postalCode: '37125', phonePrefix: '+1 305' },
    { city: 'Seattle', state: 'WA', postalCode: '98101', phonePrefix: '+1 206' },
    { city: 'Boston', state: 'MA', postalCode: '02108', phonePrefix: '+1 617' },
    { city: 'Denver', state: 'CO', postalCode: '80202', phonePrefix: '+1 303' },
  ],
  SE: [
    { city: 'Stockholm', state: '', postalCode: '114 32', phonePrefix: '+46 8' },
    { city: 'Göteborg', state: '', postalCode: '411 04', phonePrefix: '+46 31' },
    { city: 'Malmö', state: '', postalCode: '211 20', phonePrefix: '+46 40' },
    { city: 'Uppsala', state: '', postalCode: '753 10', phonePrefix: '+46 18' },
  ],
};

export const itemNouns = [
  'Bicycle',
  'Desk',
  'Chair',
  'Lamp',
  'Cabinet',
  'Monitor',
  'Keyboard',
  'Speaker',
  'Table',
  'Bookshelf',
  'Whiteboard',
  'Printer',
  'Router',
  'Headset',
  'Backpack',
] as const;

export const itemAdjectives = [
  'Touring',
  'Office',
  'Conference',
  'Compact',
  'Deluxe',
  'Ergonomic',
  'Classic',
  'Mobile',
  'Pro',
  'Studio',
] as const;

export const serviceNames = [
  'Installation',
  'Consulting Hour',
  'Maintenance Plan',
  'Training Day',
  'Support Package',
] as const;
