/** The words the roster is made of: people's names and the organisation they work in. */

export const FIRST_NAMES = [
  'Aaliyah', 'Aaron', 'Abdul', 'Ada', 'Adam', 'Adrian', 'Aiko', 'Aisha', 'Alan', 'Alberto', 'Alejandro',
  'Alexandra', 'Ali', 'Alice', 'Amara', 'Amir', 'Ana', 'Anders', 'Andrea', 'Ángel', 'Anika', 'Anna', 'Antoine',
  'Arjun', 'Astrid', 'Ayesha', 'Beatriz', 'Ben', 'Bianca', 'Bjørn', 'Bogdan', 'Bruno', 'Camille', 'Carlos',
  'Carmen', 'Chen', 'Chiara', 'Chloé', 'Chidi', 'Claire', 'Daniel', 'Dario', 'David', 'Deepa', 'Diego', 'Dmitri',
  'Elena', 'Elif', 'Elijah', 'Elise', 'Emeka', 'Emil', 'Emma', 'Enzo', 'Erik', 'Esther', 'Fatima', 'Felix',
  'Fernando', 'Fiona', 'François', 'Freya', 'Gabriel', 'Grace', 'Greta', 'Hana', 'Hannah', 'Hassan', 'Helena',
  'Henrik', 'Hiroshi', 'Hugo', 'Ibrahim', 'Ines', 'Ingrid', 'Isaac', 'Isabel', 'Ivan', 'Jakob', 'James', 'Jana',
  'Javier', 'Jin', 'Joana', 'Johan', 'Jonas', 'Jorge', 'José', 'Julia', 'Kai', 'Kamal', 'Karin', 'Kenji',
  'Klara', 'Kofi', 'Lars', 'Laura', 'Layla', 'Leila', 'Leon', 'Liam', 'Lina', 'Lucas', 'Lucía', 'Luis', 'Maja',
  'Malik', 'Marco', 'María', 'Marie', 'Marta', 'Mateo', 'Matteo', 'Mei', 'Mia', 'Miguel', 'Mikael', 'Mohammed',
  'Nadia', 'Naomi', 'Nia', 'Nikolai', 'Nils', 'Noah', 'Nora', 'Olga', 'Oliver', 'Omar', 'Oscar', 'Paolo',
  'Patricia', 'Paul', 'Pedro', 'Petra', 'Pierre', 'Priya', 'Rafael', 'Rahul', 'Ravi', 'Rosa', 'Ruth', 'Sakura',
  'Samuel', 'Sara', 'Sebastian', 'Sergei', 'Sofia', 'Sophie', 'Stefan', 'Sven', 'Tariq', 'Tomás', 'Valentina',
  'Victor', 'Wei', 'Yara', 'Yusuf', 'Zainab', 'Zoë',
] as const;

export const LAST_NAMES = [
  'Abe', 'Adeyemi', 'Ahmed', 'Alvarez', 'Andersson', 'Bauer', 'Becker', 'Bianchi', 'Brown', 'Carvalho', 'Chen',
  'Costa', 'Dąbrowski', 'Da Silva', 'Dubois', 'Dupont', 'Eriksen', 'Fernández', 'Fischer', 'Fontaine', 'García',
  'Gomez', 'González', 'Gupta', 'Haddad', 'Hansen', 'Hoffmann', 'Horvat', 'Hosseini', 'Ivanova', 'Jansen',
  'Jensen', 'Johansson', 'Jones', 'Kaur', 'Khan', 'Kim', 'Klein', 'Kowalski', 'Kumar', 'Larsen', 'Laurent',
  'Lee', 'Lefebvre', 'Li', 'Lindqvist', 'López', 'Martin', 'Martínez', 'Meyer', 'Müller', 'Mwangi', 'Nakamura',
  'Nguyen', 'Nielsen', "O'Brien", 'Okafor', 'Olsen', 'Park', 'Patel', 'Pereira', 'Petrov', 'Popescu', 'Ramírez',
  'Rossi', 'Russo', 'Sánchez', 'Santos', 'Sato', 'Schmidt', 'Schneider', 'Schulz', 'Silva', 'Singh', 'Smith',
  'Søndergaard', 'Suzuki', 'Svensson', 'Takahashi', 'Tanaka', 'Taylor', 'Thomas', 'Torres', 'Van der Berg',
  'Varga', 'Wagner', 'Wang', 'Weber', 'Williams', 'Wilson', 'Wójcik', 'Yamamoto', 'Yilmaz', 'Zhang', 'Zimmermann',
] as const;

export const JOB_TITLES = [
  'Accountant', 'Business Analyst', 'Data Engineer', 'DevOps Engineer', 'Field Technician', 'Financial Controller',
  'HR Partner', 'Helpdesk Agent', 'IT Manager', 'Legal Counsel', 'Marketing Specialist', 'Network Engineer',
  'Office Manager', 'Product Manager', 'QA Engineer', 'Recruiter', 'Sales Representative', 'Security Analyst',
  'Software Engineer', 'Support Engineer', 'System Administrator', 'Technical Writer', 'UX Designer',
] as const;

/** Departments, each at one of the sites below. */
export const DEPARTMENTS = [
  { name: 'Engineering', site: 0 },
  { name: 'Finance', site: 1 },
  { name: 'Human Resources', site: 1 },
  { name: 'IT Services', site: 0 },
  { name: 'Legal', site: 2 },
  { name: 'Marketing', site: 3 },
  { name: 'Operations', site: 2 },
  { name: 'Research', site: 0 },
  { name: 'Sales', site: 3 },
  { name: 'Support', site: 4 },
] as const;

export const SITES = [
  { name: 'Berlin', country: 'DE', city: 'Berlin', address: 'Friedrichstraße 68', zip: '10117', timezone: 'Berlin', locale: 'de', language: 'de_DE' },
  { name: 'London', country: 'GB', city: 'London', address: '1 Canada Square', zip: 'E14 5AB', timezone: 'London', locale: 'en_GB', language: 'en_GB' },
  { name: 'Paris', country: 'FR', city: 'Paris', address: '12 Rue de Rivoli', zip: '75004', timezone: 'Paris', locale: 'fr', language: 'fr_FR' },
  { name: 'New York', country: 'US', city: 'New York', address: '350 Fifth Avenue', zip: '10118', timezone: 'Eastern Time (US & Canada)', locale: 'en', language: 'en_US' },
  { name: 'Bangalore', country: 'IN', city: 'Bengaluru', address: '80 MG Road', zip: '560001', timezone: 'Chennai', locale: 'en', language: 'en_GB' },
] as const;

/** Each site has floors; a location is "<site> > Floor <n>". */
export const FLOORS_PER_SITE = 3;

export const COMPANIES = ['Acme Corporation', 'Globex', 'Initech', 'Umbrella Health'] as const;

/** Working groups people belong to (ITSM-NG groups, Foreman user groups, Snipe-IT groups…). */
export const TEAMS = [
  'Helpdesk', 'Network Operations', 'Server Team', 'Developers', 'Security', 'Field Support', 'Finance Team',
  'HR Team', 'Change Advisory Board', 'Service Owners',
] as const;
